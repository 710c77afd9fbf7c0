//! Properties of bucketing and energy, checked with proptest (native only: proptest does
//! not run on wasm32; the golden vectors in `time_buckets.rs` run on both).
#![cfg(not(target_arch = "wasm32"))]

use calorie_core::{
    ActivityLevel, Age, BmrEquation, BodyFat, BucketSize, BucketSummary, Bucketing, DayStartHour,
    Event, EventType, Gender, Height, Person, TimeZone, TypeTotals, WeekStart, Weight,
};
use jiff::{tz, Timestamp, ToSpan};
use proptest::prelude::*;

/// Zones with every kind of rule: DST both hemispheres, :30/:45 offsets, a 30-minute DST
/// shift (Lord Howe), a skipped day (Apia), negative DST (Dublin, Casablanca), a 2-hour
/// DST shift (Troll), abolished DST (Sao Paulo), and LMT offsets with seconds before 1900.
const ZONES: &[&str] = &[
    "UTC",
    "America/New_York",
    "Europe/Rome",
    "Europe/Berlin",
    "Europe/Dublin",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Tehran",
    "Australia/Adelaide",
    "Australia/Lord_Howe",
    "America/St_Johns",
    "America/Sao_Paulo",
    "Africa/Casablanca",
    "Antarctica/Troll",
    "Pacific/Apia",
    "Pacific/Chatham",
];

const SIZES: [BucketSize; 4] = [
    BucketSize::Hour,
    BucketSize::Day,
    BucketSize::Week,
    BucketSize::Month,
];

/// 1850-01-01 .. 2100-01-01.
const RANGE: std::ops::Range<i64> = -3_786_825_600..4_102_444_800;

fn kind(i: u8) -> EventType {
    EventType::ALL[usize::from(i) % 4]
}

/// Sorted events from a start second and gaps (up to ~3 days) so buckets of every size are
/// crossed often.
fn events_strategy() -> impl Strategy<Value = Vec<Event>> {
    (
        RANGE,
        prop::collection::vec((0i64..260_000, 0u8..4, 0u32..2_000_000), 0..300),
    )
        .prop_map(|(start, steps)| {
            let mut t = start;
            steps
                .into_iter()
                .map(|(gap, k, centi)| {
                    t += gap;
                    let kind = kind(k);
                    let amount = match kind {
                        EventType::Weight => 60.0 + f64::from(centi % 4000) / 100.0,
                        _ => f64::from(centi) / 100.0,
                    };
                    Event::new(Timestamp::from_second(t).unwrap(), kind, amount).unwrap()
                })
                .collect()
        })
}

fn bucketing_strategy() -> impl Strategy<Value = Bucketing> {
    (0..ZONES.len(), 0..SIZES.len(), 0u8..24, any::<bool>()).prop_map(|(z, s, h, sunday)| {
        Bucketing::new(TimeZone::get(ZONES[z]).unwrap(), SIZES[s])
            .with_day_start_hour(DayStartHour::new(h).unwrap())
            .with_week_start(if sunday {
                WeekStart::Sunday
            } else {
                WeekStart::Monday
            })
    })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_sum_over_any_bucketing_equals_the_total(events in events_strategy(), b in bucketing_strategy()) {
        let buckets = b.summarize(&events).unwrap();
        let totals = TypeTotals::from_events(&events);
        let sum: f64 = buckets.iter().map(|x| x.total_kcal).sum();
        let count: u64 = buckets.iter().map(|x| x.event_count).sum();
        prop_assert!(close(sum, totals.total_kcal()), "{sum} vs {}", totals.total_kcal());
        prop_assert_eq!(count, totals.count());
        let consumed: f64 = buckets.iter().map(|x| x.by_type.consumed.kcal).sum();
        prop_assert!(close(consumed, totals.consumed.kcal));
    }

    #[test]
    fn buckets_are_ordered_do_not_overlap_and_contain_their_events(events in events_strategy(), b in bucketing_strategy()) {
        let buckets = b.summarize(&events).unwrap();
        for x in &buckets {
            prop_assert!(x.bucket.start < x.bucket.end);
            prop_assert!(x.bucket.contains(x.first_event_at));
            prop_assert!(x.bucket.contains(x.last_event_at));
            prop_assert!(x.event_count > 0);
            prop_assert!(close(x.average_kcal * x.event_count as f64, x.total_kcal));
        }
        for pair in buckets.windows(2) {
            prop_assert!(pair[0].bucket.end <= pair[1].bucket.start);
        }
        // The streaming result agrees with looking up each event's bucket on its own.
        for e in events.iter().filter(|e| e.kind().is_calories()) {
            let alone = b.bucket_at(e.at()).unwrap();
            let found = buckets.iter().find(|x| x.bucket.contains(e.at())).unwrap();
            prop_assert_eq!(&alone, &found.bucket);
        }
    }

    #[test]
    fn daily_totals_equal_the_sum_of_that_days_hourly_totals(events in events_strategy(), z in 0..ZONES.len(), h in 0u8..24) {
        let zone = TimeZone::get(ZONES[z]).unwrap();
        let daily = Bucketing::new(zone.clone(), BucketSize::Day).with_day_start_hour(DayStartHour::new(h).unwrap());
        let hourly = Bucketing::new(zone, BucketSize::Hour);
        let days = daily.summarize(&events).unwrap();
        let hours = hourly.summarize(&events).unwrap();
        for day in &days {
            let inside: Vec<&BucketSummary> = hours
                .iter()
                .filter(|x| day.bucket.start <= x.bucket.start && x.bucket.start < day.bucket.end)
                .collect();
            // hour buckets nest inside day buckets
            for x in &inside {
                prop_assert!(x.bucket.end <= day.bucket.end);
            }
            let sum: f64 = inside.iter().map(|x| x.total_kcal).sum();
            let count: u64 = inside.iter().map(|x| x.event_count).sum();
            prop_assert!(close(sum, day.total_kcal));
            prop_assert_eq!(count, day.event_count);
        }
    }

    #[test]
    fn hour_buckets_match_the_wall_clock_hour_and_offset_jiff_computes(t in RANGE, z in 0..ZONES.len()) {
        let zone = TimeZone::get(ZONES[z]).unwrap();
        let at = Timestamp::from_second(t).unwrap();
        let hour = Bucketing::new(zone.clone(), BucketSize::Hour).bucket_at(at).unwrap();
        let zoned = at.to_zoned(zone.as_jiff().clone());
        let wall = zoned.datetime();
        prop_assert_eq!(hour.local_start.date(), wall.date());
        prop_assert_eq!(hour.local_start.hour(), wall.hour());
        prop_assert_eq!(hour.offset, zoned.offset());
        prop_assert!(hour.contains(at));
        prop_assert!(hour.duration_seconds() <= 3600);
    }

    #[test]
    fn day_buckets_match_the_date_of_wall_clock_minus_the_day_start_hour(t in RANGE, z in 0..ZONES.len(), h in 0u8..24) {
        let zone = TimeZone::get(ZONES[z]).unwrap();
        let at = Timestamp::from_second(t).unwrap();
        let day = Bucketing::new(zone.clone(), BucketSize::Day)
            .with_day_start_hour(DayStartHour::new(h).unwrap())
            .bucket_at(at)
            .unwrap();
        let wall = at.to_zoned(zone.as_jiff().clone()).datetime();
        let shifted = wall.checked_sub(i64::from(h).hours()).unwrap();
        prop_assert_eq!(day.local_start.date(), shifted.date());
        prop_assert_eq!(day.local_start.hour(), h as i8);
        // The start is the first instant whose wall clock reached the label.
        let local = |ts: Timestamp| ts.to_zoned(zone.as_jiff().clone()).datetime();
        prop_assert!(local(day.start) >= day.local_start);
        let before = day.start.checked_sub(1.second()).unwrap();
        prop_assert!(local(before) < day.local_start);
    }

    #[test]
    fn bmr_rises_with_weight_and_falls_with_age(
        kg in 20.0f64..649.0, dkg in 0.01f64..1.0, cm in 100.0f64..275.0,
        years in 13u32..120, g in 0usize..3, bf in 0.02f64..0.75,
    ) {
        let gender = Gender::ALL[g];
        let fat = BodyFat::from_fraction(bf).unwrap();
        let person = |kg: f64, years: u32| {
            Person::new(Weight::from_kg(kg).unwrap(), Height::from_cm(cm).unwrap(), Age::from_years(years).unwrap(), gender)
                .with_body_fat(fat)
        };
        for eq in BmrEquation::ALL {
            let base = eq.bmr(&person(kg, years)).unwrap();
            prop_assert!(base > 0.0);
            prop_assert!(eq.bmr(&person(kg + dkg, years)).unwrap() > base, "{eq}");
            let older = eq.bmr(&person(kg, years + 1)).unwrap();
            if eq.needs_body_fat() {
                prop_assert_eq!(older, base); // lean-body-mass equations ignore age
            } else {
                prop_assert!(older < base, "{eq}");
            }
            for level in ActivityLevel::ALL {
                prop_assert!(calorie_core::tdee(base, *level) >= base);
            }
        }
    }
}

/// Every zone in the bundled database, at instants around each of its transitions from
/// 1970 to 2040: hour buckets match jiff's wall clock and offset, and day buckets start
/// at the first instant whose wall clock reaches midnight.
#[test]
fn every_bundled_zone_agrees_with_jiff_around_its_transitions() {
    let db = tz::TimeZoneDatabase::bundled();
    let from: Timestamp = "1970-01-01T00:00:00Z".parse().unwrap();
    let until: Timestamp = "2040-01-01T00:00:00Z".parse().unwrap();
    let mut checked = 0;
    for name in db.available() {
        let Ok(zone) = TimeZone::get(name.as_str()) else {
            continue;
        };
        let hourly = Bucketing::new(zone.clone(), BucketSize::Hour);
        let daily = Bucketing::new(zone.clone(), BucketSize::Day);
        let jz = zone.as_jiff();
        for transition in jz.following(from).take_while(|t| t.timestamp() < until) {
            for delta in [-3601, -1, 0, 1, 3599, 43_200] {
                let at = transition.timestamp().checked_add(delta.seconds()).unwrap();
                let zoned = at.to_zoned(jz.clone());
                let hour = hourly.bucket_at(at).unwrap();
                assert_eq!(hour.offset, zoned.offset(), "{name} {at}");
                assert_eq!(hour.local_start.date(), zoned.date(), "{name} {at}");
                assert_eq!(hour.local_start.hour(), zoned.hour(), "{name} {at}");
                let day = daily.bucket_at(at).unwrap();
                assert!(day.contains(at), "{name} {at}");
                let local = |ts: Timestamp| ts.to_zoned(jz.clone()).datetime();
                assert!(local(day.start) >= day.local_start, "{name} {at}");
                let before = day.start.checked_sub(1.second()).unwrap();
                assert!(local(before) < day.local_start, "{name} {at}");
                checked += 1;
            }
        }
    }
    assert!(checked > 10_000, "{checked}");
}
