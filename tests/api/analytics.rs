//! The summaries the API serves (computed by the database from its rollups) equal calorie-core's
//! bucketing of the same events, across time zones and DST days.

use calorie_core::jiff::Timestamp;
use calorie_core::{
    parse_timestamp, BalanceInputs, BucketSize, Bucketing, Event, EventType, TimeZone,
};
use calorie_e2e::{Stack, User};
use serde_json::{json, Value};

/// Deterministic pseudo-random numbers (xorshift64*), so a failure can be replayed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Random events in two windows that hold New York's and Berlin's 2025 DST changes
/// (03-09, 03-30, 10-26, 11-02), with amounts of two decimals like the table stores.
fn random_events(seed: u64, count: usize) -> Vec<Event> {
    let mut rng = Rng(seed);
    let windows = [
        (1_741_305_600_i64, 1_743_552_000_i64),
        (1_761_264_000, 1_762_214_400),
    ];
    let mut events: Vec<Event> = (0..count)
        .map(|i| {
            let (start, end) = windows[i % 2];
            let at =
                Timestamp::from_second(start + rng.below((end - start) as u64) as i64).unwrap();
            let (kind, amount) = match rng.below(10) {
                0..=4 => (EventType::Consumed, rng.below(150_000) as f64 / 100.0),
                5..=6 => (EventType::BurnedExercise, rng.below(80_000) as f64 / 100.0),
                7..=8 => (EventType::BurnedBmr, rng.below(10_000) as f64 / 100.0),
                _ => (EventType::Weight, 50.0 + rng.below(5_000) as f64 / 100.0),
            };
            Event::new(at, kind, amount).unwrap()
        })
        .collect();
    events.sort_by_key(|e| e.at());
    events
}

fn store(stack: &Stack, user: &User, events: &[Event]) {
    for chunk in events.chunks(1000) {
        let body: Vec<Value> = chunk
            .iter()
            .map(|e| json!({"event_type": e.kind(), "calories_amount": e.amount(), "event_timestamp": e.at().to_string()}))
            .collect();
        let answer = stack.post(
            user,
            "/api/v1/calorie-events/batch",
            &json!({"events": body}),
        );
        assert_eq!(answer.status, 201, "{}", answer.text);
    }
}

fn seconds(value: &Value) -> i64 {
    parse_timestamp(value.as_str().expect("timestamp"), "t")
        .unwrap()
        .as_second()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

/// Asks the API for `summary` in `zone` over the buckets core computed, and compares.
fn compare(
    stack: &Stack,
    user: &User,
    events: &[Event],
    zone: &str,
    size: BucketSize,
    summary: &str,
    within: Option<(i64, i64)>,
) -> usize {
    let bucketing = Bucketing::new(TimeZone::get(zone).unwrap(), size);
    let mut expected = bucketing.summarize(events).unwrap();
    if let Some((from, to)) = within {
        expected.retain(|b| (from..to).contains(&b.bucket.start.as_second()));
    }
    assert!(!expected.is_empty());
    let from = within.map_or(expected[0].bucket.start.as_second(), |w| w.0);
    let to = within.map_or(expected.last().unwrap().bucket.start.as_second() + 1, |w| {
        w.1
    });
    let path = format!(
        "/api/v1/analytics/{summary}?from={}&to={}&tz={zone}",
        Timestamp::from_second(from).unwrap(),
        Timestamp::from_second(to).unwrap()
    );
    let answer = stack.get_as(user, &path);
    assert_eq!(answer.status, 200, "{path}: {}", answer.text);
    // Buckets holding only weight events carry no calorie figures; calorie-core does not open them.
    let actual: Vec<&Value> = answer
        .json
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["event_count"] != 0)
        .collect();
    assert_eq!(
        actual.len(),
        expected.len(),
        "{summary} {zone}: bucket count"
    );
    for (got, want) in actual.iter().zip(&expected) {
        let context = format!("{summary} {zone} bucket {}", want.bucket.start);
        assert_eq!(
            seconds(&got["bucket_start"]),
            want.bucket.start.as_second(),
            "{context}: start"
        );
        assert_eq!(
            seconds(&got["bucket_end"]),
            want.bucket.end.as_second(),
            "{context}: end"
        );
        assert_eq!(
            got["event_count"].as_u64(),
            Some(want.event_count),
            "{context}: count"
        );
        assert!(
            close(got["total_calories"].as_f64().unwrap(), want.total_kcal),
            "{context}: total {got}"
        );
        assert!(
            close(
                got["avg_calories_per_event"].as_f64().unwrap(),
                want.average_kcal
            ),
            "{context}: avg"
        );
        assert_eq!(
            seconds(&got["first_event"]),
            want.first_event_at.as_second(),
            "{context}: first"
        );
        assert_eq!(
            seconds(&got["last_event"]),
            want.last_event_at.as_second(),
            "{context}: last"
        );
    }
    expected.len()
}

#[test]
fn summaries_equal_calorie_core_across_time_zones_and_dst_days() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    let events = random_events(0x5EED_CA10, 3000);
    store(&stack, &user, &events);

    for zone in ["America/New_York", "Europe/Berlin", "Asia/Kathmandu", "UTC"] {
        compare(
            &stack,
            &user,
            &events,
            zone,
            BucketSize::Day,
            "daily-summary",
            None,
        );
        compare(
            &stack,
            &user,
            &events,
            zone,
            BucketSize::Week,
            "weekly-summary",
            None,
        );
        compare(
            &stack,
            &user,
            &events,
            zone,
            BucketSize::Month,
            "monthly-summary",
            None,
        );
    }
    // Hourly on the DST days: 23 and 25 local hours.
    for (zone, day_start, day_end, hours) in [
        ("America/New_York", 1_741_496_400, 1_741_579_200, 23), // 2025-03-09
        ("America/New_York", 1_762_056_000, 1_762_146_000, 25), // 2025-11-02
        ("Europe/Berlin", 1_743_289_200, 1_743_372_000, 23),    // 2025-03-30
        ("Europe/Berlin", 1_761_429_600, 1_761_519_600, 25),    // 2025-10-26
    ] {
        assert_eq!((day_end - day_start) / 3600, hours);
        compare(
            &stack,
            &user,
            &events,
            zone,
            BucketSize::Hour,
            "hourly-summary",
            Some((day_start, day_end)),
        );
    }
}

#[test]
fn the_balance_equals_calorie_core_per_local_day() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    let events = random_events(0x0BA1_A4CE, 1500);
    store(&stack, &user, &events);
    let zone = "Europe/Rome";
    let days = Bucketing::new(TimeZone::get(zone).unwrap(), BucketSize::Day)
        .summarize(&events)
        .unwrap();
    let from = days[0].bucket.start;
    let to = Timestamp::from_second(days.last().unwrap().bucket.start.as_second() + 1).unwrap();
    let answer = stack.get_as(
        &user,
        &format!("/api/v1/analytics/calorie-balance?from={from}&to={to}&tz={zone}"),
    );
    assert_eq!(answer.status, 200, "{}", answer.text);
    let rows: Vec<&Value> = answer.json.as_array().unwrap().iter().collect();
    let by_day = |day: &str| rows.iter().find(|r| r["day"] == day).copied();
    let inputs = BalanceInputs {
        daily_target_kcal: None,
        profile_bmr_kcal_per_day: None,
    };
    for day in &days {
        let want = day.balance(&inputs);
        let label = day.bucket.local_start.date().to_string();
        let got = by_day(&label).unwrap_or_else(|| panic!("no balance row for {label}"));
        assert!(
            close(
                got["calories_consumed"].as_f64().unwrap(),
                want.consumed_kcal
            ),
            "{label}: consumed"
        );
        assert!(
            close(got["calories_burned"].as_f64().unwrap(), want.burned_kcal),
            "{label}: burned"
        );
        assert!(
            close(got["net_balance"].as_f64().unwrap(), want.net_kcal),
            "{label}: net"
        );
        assert_eq!(got["daily_calorie_target"], Value::Null);
    }
}

#[test]
fn a_late_edit_or_delete_is_reflected_in_the_summary() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    let created = stack.post(&user, "/api/v1/calorie-events",
        &json!({"event_type": "consumed", "calories_amount": 400, "event_timestamp": "2025-03-09T12:00:00Z"}));
    let id = created.json["id"].as_str().unwrap().to_owned();
    let day =
        "/api/v1/analytics/daily-summary?from=2025-03-09T00:00:00Z&to=2025-03-10T00:00:00Z&tz=UTC";
    assert_eq!(
        stack.get_as(&user, day).json[0]["total_calories"].as_f64(),
        Some(400.0)
    );
    stack.patch(
        &user,
        &format!("/api/v1/calorie-events/{id}"),
        &json!({"calories_amount": 250}),
    );
    assert_eq!(
        stack.get_as(&user, day).json[0]["total_calories"].as_f64(),
        Some(250.0)
    );
    stack.patch(
        &user,
        &format!("/api/v1/calorie-events/{id}"),
        &json!({"event_timestamp": "2025-03-10T12:00:00Z"}),
    );
    assert_eq!(
        stack.get_as(&user, day).json.as_array().unwrap().len(),
        0,
        "moved to the next day"
    );
    stack.delete(&user, &format!("/api/v1/calorie-events/{id}"));
    let next =
        "/api/v1/analytics/daily-summary?from=2025-03-10T00:00:00Z&to=2025-03-11T00:00:00Z&tz=UTC";
    assert_eq!(stack.get_as(&user, next).json.as_array().unwrap().len(), 0);
}

#[test]
fn the_balance_uses_the_active_goal_and_the_profile_bmr_when_no_bmr_events_exist() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    let profile = json!({"height_cm": 180, "weight_kg": 80, "age": 30, "gender": "male", "activity_level": "sedentary", "time_zone": "UTC"});
    assert_eq!(
        stack
            .put(&user, "/api/v1/users/me/profile", &profile)
            .status,
        200
    );
    assert_eq!(
        stack
            .post(&user, "/api/v1/metabolic-profiles/calculate", &json!({}))
            .status,
        201
    );
    assert_eq!(
        stack
            .post(
                &user,
                "/api/v1/calorie-goals",
                &json!({"method": "explicit", "daily_calorie_target": 2000})
            )
            .status,
        201
    );
    let events = json!({"events": [
        {"event_type": "consumed", "calories_amount": 2500, "event_timestamp": "2025-03-09T12:00:00Z"},
        {"event_type": "burned_exercise", "calories_amount": 300, "event_timestamp": "2025-03-09T18:00:00Z"},
        {"event_type": "weight", "calories_amount": 80.4, "event_timestamp": "2025-03-09T07:00:00Z"}
    ]});
    assert_eq!(
        stack
            .post(&user, "/api/v1/calorie-events/batch", &events)
            .status,
        201
    );
    let answer = stack.get_as(
        &user,
        "/api/v1/analytics/calorie-balance?from=2025-03-09T00:00:00Z&to=2025-03-10T00:00:00Z",
    );
    let day = &answer.json[0];
    assert_eq!(day["bmr_source"], "profile", "{}", answer.text);
    assert_eq!(
        day["calories_consumed"].as_f64(),
        Some(2500.0),
        "the weight event is not calories"
    );
    assert_eq!(day["calories_burned"].as_f64(), Some(300.0 + 1780.0));
    assert_eq!(day["net_balance"].as_f64(), Some(2500.0 - 2080.0));
    assert_eq!(day["target_variance"].as_f64(), Some(500.0));
}
