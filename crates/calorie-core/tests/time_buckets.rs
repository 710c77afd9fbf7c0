//! Golden cases for time buckets: DST days, repeated hours, day-start hours, ISO weeks,
//! Sunday weeks, month lengths, and :30/:45 offsets. Run natively and on wasm32 under Node.

use calorie_core::{
    BucketSize, BucketSummary, Bucketing, DayStartHour, Error, Event, EventType, TimeZone,
    WeekStart,
};
use jiff::{civil::DateTime, Timestamp};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap()
}

fn consumed(at: Timestamp, kcal: f64) -> Event {
    Event::new(at, EventType::Consumed, kcal).unwrap()
}

/// One 1-kcal `consumed` event every `step_minutes` in `[from, to)`.
fn every(from: &str, to: &str, step_minutes: i64) -> Vec<Event> {
    let (from, to) = (ts(from).as_second(), ts(to).as_second());
    (from..to)
        .step_by((step_minutes * 60) as usize)
        .map(|s| consumed(Timestamp::from_second(s).unwrap(), 1.0))
        .collect()
}

fn summarize(bucketing: &Bucketing, events: &[Event]) -> Vec<BucketSummary> {
    bucketing.summarize(events).unwrap()
}

/// `"HH:MM±HH:MM"` for hour buckets: the wall-clock label and the offset.
fn hour_label(b: &BucketSummary) -> String {
    let t = b.bucket.local_start.time();
    let off = b.bucket.offset.seconds();
    let sign = if off < 0 { '-' } else { '+' };
    let off = off.abs();
    format!(
        "{:02}:{:02}{sign}{:02}:{:02}",
        t.hour(),
        t.minute(),
        off / 3600,
        off / 60 % 60
    )
}

fn hours(bucketing: &Bucketing, from: &str, to: &str) -> Vec<String> {
    summarize(bucketing, &every(from, to, 15))
        .iter()
        .map(hour_label)
        .collect()
}

fn dt(s: &str) -> DateTime {
    s.parse().unwrap()
}

// ---- New York -------------------------------------------------------------------------

#[test]
fn new_york_spring_forward_day_has_23_hours_and_23_hour_buckets() {
    let ny = zone("America/New_York");
    let day = Bucketing::new(ny.clone(), BucketSize::Day)
        .bucket_at(ts("2025-03-09T12:00:00Z"))
        .unwrap();
    assert_eq!(day.start, ts("2025-03-09T05:00:00Z"));
    assert_eq!(day.end, ts("2025-03-10T04:00:00Z"));
    assert_eq!(day.duration_seconds(), 23 * 3600);

    let hourly = Bucketing::new(ny, BucketSize::Hour);
    let labels = hours(&hourly, "2025-03-09T05:00:00Z", "2025-03-10T04:00:00Z");
    assert_eq!(labels.len(), 23);
    assert_eq!(
        labels[..4],
        ["00:00-05:00", "01:00-05:00", "03:00-04:00", "04:00-04:00"]
    );
    assert_eq!(labels[22], "23:00-04:00");
    assert!(!labels.iter().any(|l| l.starts_with("02:")));
}

#[test]
fn new_york_fall_back_day_has_25_hours_and_the_repeated_hour_twice() {
    let ny = zone("America/New_York");
    let day = Bucketing::new(ny.clone(), BucketSize::Day)
        .bucket_at(ts("2025-11-02T12:00:00Z"))
        .unwrap();
    assert_eq!(day.start, ts("2025-11-02T04:00:00Z"));
    assert_eq!(day.end, ts("2025-11-03T05:00:00Z"));
    assert_eq!(day.duration_seconds(), 25 * 3600);

    let hourly = Bucketing::new(ny, BucketSize::Hour);
    let labels = hours(&hourly, "2025-11-02T04:00:00Z", "2025-11-03T05:00:00Z");
    assert_eq!(labels.len(), 25);
    assert_eq!(
        labels[..4],
        ["00:00-04:00", "01:00-04:00", "01:00-05:00", "02:00-05:00"]
    );
    assert_eq!(labels[24], "23:00-05:00");
}

#[test]
fn events_in_the_repeated_hour_land_in_two_hour_buckets_but_one_day() {
    let ny = zone("America/New_York");
    // 05:10Z and 05:50Z are 01:10 and 01:50 EDT; 06:10Z and 06:50Z are 01:10 and 01:50 EST.
    let events = [
        consumed(ts("2025-11-02T05:10:00Z"), 10.0),
        consumed(ts("2025-11-02T05:50:00Z"), 20.0),
        consumed(ts("2025-11-02T06:10:00Z"), 30.0),
        consumed(ts("2025-11-02T06:50:00Z"), 40.0),
    ];
    let hourly = summarize(&Bucketing::new(ny.clone(), BucketSize::Hour), &events);
    assert_eq!(hourly.len(), 2);
    assert_eq!(hour_label(&hourly[0]), "01:00-04:00");
    assert_eq!(hourly[0].total_kcal, 30.0);
    assert_eq!(hourly[0].bucket.start, ts("2025-11-02T05:00:00Z"));
    assert_eq!(hour_label(&hourly[1]), "01:00-05:00");
    assert_eq!(hourly[1].total_kcal, 70.0);
    assert_eq!(hourly[1].bucket.start, ts("2025-11-02T06:00:00Z"));
    assert_eq!(hourly[1].first_event_at, ts("2025-11-02T06:10:00Z"));
    assert_eq!(hourly[1].last_event_at, ts("2025-11-02T06:50:00Z"));

    let daily = summarize(&Bucketing::new(ny, BucketSize::Day), &events);
    assert_eq!(daily.len(), 1);
    assert_eq!((daily[0].total_kcal, daily[0].event_count), (100.0, 4));
    assert_eq!(daily[0].average_kcal, 25.0);
}

// ---- Berlin ---------------------------------------------------------------------------

#[test]
fn berlin_spring_forward_day_has_23_hours_and_skips_two_oclock() {
    let berlin = zone("Europe/Berlin");
    let day = Bucketing::new(berlin.clone(), BucketSize::Day)
        .bucket_at(ts("2025-03-30T10:00:00Z"))
        .unwrap();
    assert_eq!(day.start, ts("2025-03-29T23:00:00Z"));
    assert_eq!(day.end, ts("2025-03-30T22:00:00Z"));
    assert_eq!(day.local_start, dt("2025-03-30T00:00"));

    let labels = hours(
        &Bucketing::new(berlin, BucketSize::Hour),
        "2025-03-29T23:00:00Z",
        "2025-03-30T22:00:00Z",
    );
    assert_eq!(labels.len(), 23);
    assert_eq!(labels[..3], ["00:00+01:00", "01:00+01:00", "03:00+02:00"]);
}

#[test]
fn berlin_fall_back_day_has_25_hours_and_two_buckets_labelled_two_oclock() {
    let berlin = zone("Europe/Berlin");
    let day = Bucketing::new(berlin.clone(), BucketSize::Day)
        .bucket_at(ts("2025-10-26T10:00:00Z"))
        .unwrap();
    assert_eq!(day.start, ts("2025-10-25T22:00:00Z"));
    assert_eq!(day.end, ts("2025-10-26T23:00:00Z"));

    let hourly = Bucketing::new(berlin, BucketSize::Hour);
    let labels = hours(&hourly, "2025-10-25T22:00:00Z", "2025-10-26T23:00:00Z");
    assert_eq!(labels.len(), 25);
    assert_eq!(
        labels[..5],
        [
            "00:00+02:00",
            "01:00+02:00",
            "02:00+02:00",
            "02:00+01:00",
            "03:00+01:00"
        ]
    );
    let second_two = hourly.bucket_at(ts("2025-10-26T01:30:00Z")).unwrap();
    assert_eq!(second_two.start, ts("2025-10-26T01:00:00Z"));
    assert_eq!(second_two.end, ts("2025-10-26T02:00:00Z"));
}

#[test]
fn a_dst_days_total_counts_every_event_exactly_once() {
    for (name, from, to) in [
        (
            "America/New_York",
            "2025-11-02T04:00:00Z",
            "2025-11-03T05:00:00Z",
        ),
        (
            "Europe/Berlin",
            "2025-03-29T23:00:00Z",
            "2025-03-30T22:00:00Z",
        ),
    ] {
        let events = every(from, to, 5);
        let daily = summarize(&Bucketing::new(zone(name), BucketSize::Day), &events);
        assert_eq!(daily.len(), 1, "{name}");
        assert_eq!(daily[0].event_count as usize, events.len());
        let hourly = summarize(&Bucketing::new(zone(name), BucketSize::Hour), &events);
        let sum: u64 = hourly.iter().map(|h| h.event_count).sum();
        assert_eq!(sum, daily[0].event_count, "{name}");
    }
}

// ---- Day-start hour -------------------------------------------------------------------

#[test]
fn a_day_start_hour_in_the_spring_forward_gap_starts_the_day_at_the_transition() {
    // New York, days from 02:00; 02:00 does not exist on 2025-03-09.
    let daily = Bucketing::new(zone("America/New_York"), BucketSize::Day)
        .with_day_start_hour(DayStartHour::new(2).unwrap());
    let before = daily.bucket_at(ts("2025-03-09T06:59:59Z")).unwrap(); // 01:59:59 EST
    assert_eq!(before.local_start, dt("2025-03-08T02:00"));
    assert_eq!(before.start, ts("2025-03-08T07:00:00Z"));
    assert_eq!(before.end, ts("2025-03-09T07:00:00Z"));
    let day = daily.bucket_at(ts("2025-03-09T07:00:00Z")).unwrap(); // 03:00 EDT
    assert_eq!(day.local_start, dt("2025-03-09T02:00"));
    assert_eq!(day.start, ts("2025-03-09T07:00:00Z"));
    assert_eq!(day.end, ts("2025-03-10T06:00:00Z")); // 02:00 EDT on the 10th
    assert_eq!(day.duration_seconds(), 23 * 3600);
}

#[test]
fn a_day_start_hour_in_the_repeated_hour_starts_the_day_at_its_first_occurrence() {
    // New York, days from 01:00; 01:00 happens twice on 2025-11-02.
    let daily = Bucketing::new(zone("America/New_York"), BucketSize::Day)
        .with_day_start_hour(DayStartHour::new(1).unwrap());
    let day = daily.bucket_at(ts("2025-11-02T06:30:00Z")).unwrap(); // 01:30 EST, second pass
    assert_eq!(day.local_start, dt("2025-11-02T01:00"));
    assert_eq!(day.start, ts("2025-11-02T05:00:00Z")); // 01:00 EDT, first pass
    assert_eq!(day.end, ts("2025-11-03T06:00:00Z")); // 01:00 EST on the 3rd
    assert_eq!(day.duration_seconds(), 25 * 3600);
    let before = daily.bucket_at(ts("2025-11-02T04:30:00Z")).unwrap(); // 00:30 EDT
    assert_eq!(before.local_start, dt("2025-11-01T01:00"));
}

#[test]
fn a_day_start_hour_shifts_wall_clock_time_across_a_dst_change() {
    // Berlin, days from 04:00. Clocks jump 02:00 → 03:00 on 2025-03-30.
    let daily = Bucketing::new(zone("Europe/Berlin"), BucketSize::Day)
        .with_day_start_hour(DayStartHour::new(4).unwrap());
    let events = [
        consumed(ts("2025-03-30T01:30:00Z"), 1.0), // 03:30 CEST: still the 29th's day
        consumed(ts("2025-03-30T02:00:00Z"), 2.0), // 04:00 CEST: the 30th's day
        consumed(ts("2025-03-31T01:59:00Z"), 4.0), // 03:59 CEST on the 31st: the 30th's day
    ];
    let days = summarize(&daily, &events);
    assert_eq!(days.len(), 2);
    assert_eq!(days[0].bucket.local_start, dt("2025-03-29T04:00"));
    assert_eq!(days[0].bucket.start, ts("2025-03-29T03:00:00Z")); // 04:00 CET
    assert_eq!(days[0].bucket.duration_seconds(), 23 * 3600);
    assert_eq!(days[1].bucket.local_start, dt("2025-03-30T04:00"));
    assert_eq!(days[1].bucket.start, ts("2025-03-30T02:00:00Z"));
    assert_eq!(days[1].bucket.duration_seconds(), 24 * 3600);
    assert_eq!(days[1].total_kcal, 6.0);
}

// ---- Weeks ----------------------------------------------------------------------------

#[test]
fn iso_weeks_start_on_monday_and_2024_12_30_is_2025_w01() {
    let weekly = Bucketing::new(TimeZone::utc(), BucketSize::Week);
    for at in [
        "2024-12-30T00:00:00Z",
        "2025-01-01T12:00:00Z",
        "2025-01-05T23:59:59Z",
    ] {
        let week = weekly.bucket_at(ts(at)).unwrap();
        assert_eq!(week.local_start, dt("2024-12-30T00:00"), "{at}");
        let iso = week.local_start.date().iso_week_date();
        assert_eq!((iso.year(), iso.week()), (2025, 1), "{at}");
    }
    let prev = weekly.bucket_at(ts("2024-12-29T23:59:59Z")).unwrap();
    assert_eq!(prev.local_start, dt("2024-12-23T00:00"));
    assert_eq!(prev.local_start.date().iso_week_date().week(), 52);
    // 2021-01-03 (a Sunday) belongs to 2020-W53.
    let w53 = weekly.bucket_at(ts("2021-01-03T12:00:00Z")).unwrap();
    assert_eq!(w53.local_start, dt("2020-12-28T00:00"));
    let iso = w53.local_start.date().iso_week_date();
    assert_eq!((iso.year(), iso.week()), (2020, 53));
}

#[test]
fn sunday_weeks_start_on_sunday() {
    let weekly = Bucketing::new(zone("America/New_York"), BucketSize::Week)
        .with_week_start(WeekStart::Sunday);
    // Saturday 2025-01-04 12:00 EST belongs to the week of Sunday 2024-12-29.
    let sat = weekly.bucket_at(ts("2025-01-04T17:00:00Z")).unwrap();
    assert_eq!(sat.local_start, dt("2024-12-29T00:00"));
    assert_eq!(sat.start, ts("2024-12-29T05:00:00Z"));
    assert_eq!(sat.end, ts("2025-01-05T05:00:00Z"));
    let sun = weekly.bucket_at(ts("2025-01-05T05:00:00Z")).unwrap();
    assert_eq!(sun.local_start, dt("2025-01-05T00:00"));
}

#[test]
fn a_week_with_a_dst_change_is_one_hour_short() {
    let weekly = Bucketing::new(zone("America/New_York"), BucketSize::Week);
    let week = weekly.bucket_at(ts("2025-03-09T12:00:00Z")).unwrap();
    assert_eq!(week.local_start, dt("2025-03-03T00:00"));
    assert_eq!(week.duration_seconds(), 7 * 24 * 3600 - 3600);
    assert_eq!(week.calendar_days(), 7.0);
}

// ---- Months ---------------------------------------------------------------------------

#[test]
fn months_have_28_29_30_and_31_days() {
    let monthly = Bucketing::new(zone("Europe/Rome"), BucketSize::Month);
    for (at, first, days, hours) in [
        ("2025-02-14T12:00:00Z", "2025-02-01T00:00", 28.0, 28 * 24),
        ("2024-02-14T12:00:00Z", "2024-02-01T00:00", 29.0, 29 * 24),
        ("2025-04-14T12:00:00Z", "2025-04-01T00:00", 30.0, 30 * 24),
        ("2025-01-14T12:00:00Z", "2025-01-01T00:00", 31.0, 31 * 24),
        (
            "2025-03-14T12:00:00Z",
            "2025-03-01T00:00",
            31.0,
            31 * 24 - 1,
        ), // spring forward
        (
            "2025-10-14T12:00:00Z",
            "2025-10-01T00:00",
            31.0,
            31 * 24 + 1,
        ), // fall back
    ] {
        let month = monthly.bucket_at(ts(at)).unwrap();
        assert_eq!(month.local_start, dt(first), "{at}");
        assert_eq!(month.calendar_days(), days, "{at}");
        assert_eq!(month.duration_seconds(), hours * 3600, "{at}");
    }
    let jan = monthly.bucket_at(ts("2025-01-14T12:00:00Z")).unwrap();
    assert_eq!(jan.start, ts("2024-12-31T23:00:00Z"));
}

#[test]
fn month_buckets_follow_each_other_across_a_year_end() {
    let monthly = Bucketing::new(zone("America/New_York"), BucketSize::Month);
    let events = every("2024-11-15T00:00:00Z", "2025-02-15T00:00:00Z", 24 * 60);
    let months = summarize(&monthly, &events);
    let firsts: Vec<String> = months
        .iter()
        .map(|m| m.bucket.local_start.date().to_string())
        .collect();
    assert_eq!(
        firsts,
        ["2024-11-01", "2024-12-01", "2025-01-01", "2025-02-01"]
    );
    for pair in months.windows(2) {
        assert_eq!(pair[0].bucket.end, pair[1].bucket.start);
    }
}

// ---- :30 and :45 offsets --------------------------------------------------------------

#[test]
fn kolkata_hours_start_at_half_past_utc_and_days_at_18_30_utc() {
    let kolkata = zone("Asia/Kolkata");
    let hour = Bucketing::new(kolkata.clone(), BucketSize::Hour)
        .bucket_at(ts("2025-06-01T10:29:59Z"))
        .unwrap();
    assert_eq!(hour.start, ts("2025-06-01T09:30:00Z"));
    assert_eq!(hour.local_start, dt("2025-06-01T15:00"));
    let day = Bucketing::new(kolkata, BucketSize::Day)
        .bucket_at(ts("2025-06-01T18:30:00Z"))
        .unwrap();
    assert_eq!(day.local_start, dt("2025-06-02T00:00"));
    assert_eq!(day.start, ts("2025-06-01T18:30:00Z"));
}

#[test]
fn kathmandu_days_start_at_18_15_utc() {
    let day = Bucketing::new(zone("Asia/Kathmandu"), BucketSize::Day)
        .bucket_at(ts("2025-06-01T18:14:59Z"))
        .unwrap();
    assert_eq!(day.local_start, dt("2025-06-01T00:00"));
    assert_eq!(day.start, ts("2025-05-31T18:15:00Z"));
    assert_eq!(day.end, ts("2025-06-01T18:15:00Z"));
}

#[test]
fn adelaide_falls_back_from_plus_10_30_to_plus_9_30_in_a_25_hour_day() {
    let adelaide = zone("Australia/Adelaide");
    let day = Bucketing::new(adelaide.clone(), BucketSize::Day)
        .bucket_at(ts("2025-04-06T00:00:00Z"))
        .unwrap();
    assert_eq!(day.start, ts("2025-04-05T13:30:00Z"));
    assert_eq!(day.end, ts("2025-04-06T14:30:00Z"));
    let labels = hours(
        &Bucketing::new(adelaide, BucketSize::Hour),
        "2025-04-05T15:30:00Z",
        "2025-04-05T18:30:00Z",
    );
    assert_eq!(labels, ["02:00+10:30", "02:00+09:30", "03:00+09:30"]);
}

#[test]
fn st_johns_minus_2_30_hours_start_at_half_past_utc() {
    let labels = hours(
        &Bucketing::new(zone("America/St_Johns"), BucketSize::Hour),
        "2025-11-02T02:30:00Z",
        "2025-11-02T05:30:00Z",
    );
    // fall back at 02:00 NDT (−02:30) to 01:00 NST (−03:30), 04:30Z
    assert_eq!(labels, ["00:00-02:30", "01:00-02:30", "01:00-03:30"]);
}

#[test]
fn lord_howes_half_hour_fall_back_makes_a_half_hour_bucket_and_a_24_5_hour_day() {
    let lord_howe = zone("Australia/Lord_Howe");
    // 02:00 +11:00 becomes 01:30 +10:30 at 15:00Z.
    let hourly = Bucketing::new(lord_howe.clone(), BucketSize::Hour);
    let labels = hours(&hourly, "2025-04-05T14:00:00Z", "2025-04-05T16:30:00Z");
    assert_eq!(labels, ["01:00+11:00", "01:00+10:30", "02:00+10:30"]);
    let short = hourly.bucket_at(ts("2025-04-05T15:10:00Z")).unwrap();
    assert_eq!(short.start, ts("2025-04-05T15:00:00Z"));
    assert_eq!(short.end, ts("2025-04-05T15:30:00Z"));
    let day = Bucketing::new(lord_howe, BucketSize::Day)
        .bucket_at(ts("2025-04-06T00:00:00Z"))
        .unwrap();
    assert_eq!(day.duration_seconds(), 24 * 3600 + 1800);
}

#[test]
fn samoa_skipped_2011_12_30_so_that_day_has_no_bucket() {
    let daily = Bucketing::new(zone("Pacific/Apia"), BucketSize::Day);
    let events = [
        consumed(ts("2011-12-30T09:00:00Z"), 1.0), // Dec 29 23:00 −10
        consumed(ts("2011-12-30T11:00:00Z"), 2.0), // Dec 31 01:00 +14
    ];
    let days = summarize(&daily, &events);
    let labels: Vec<DateTime> = days.iter().map(|d| d.bucket.local_start).collect();
    assert_eq!(labels, [dt("2011-12-29T00:00"), dt("2011-12-31T00:00")]);
    assert_eq!(days[0].bucket.end, ts("2011-12-30T10:00:00Z"));
    assert_eq!(days[1].bucket.start, ts("2011-12-30T10:00:00Z"));
}

// ---- The stream -----------------------------------------------------------------------

#[test]
fn weight_events_open_no_bucket_and_count_nowhere() {
    let daily = Bucketing::new(TimeZone::utc(), BucketSize::Day);
    let events = [
        Event::new(ts("2025-01-01T08:00:00Z"), EventType::Weight, 80.0).unwrap(),
        consumed(ts("2025-01-02T08:00:00Z"), 500.0),
        Event::new(ts("2025-01-02T09:00:00Z"), EventType::Weight, 79.0).unwrap(),
        Event::new(ts("2025-01-02T10:00:00Z"), EventType::BurnedBmr, 1700.0).unwrap(),
    ];
    let days = summarize(&daily, &events);
    assert_eq!(days.len(), 1);
    assert_eq!(days[0].bucket.local_start, dt("2025-01-02T00:00"));
    assert_eq!((days[0].total_kcal, days[0].event_count), (2200.0, 2));
    assert_eq!(days[0].by_type.burned_bmr.kcal, 1700.0);
    assert_eq!(days[0].last_event_at, ts("2025-01-02T10:00:00Z"));
}

#[test]
fn unsorted_events_are_an_error_after_the_buckets_already_complete() {
    let daily = Bucketing::new(TimeZone::utc(), BucketSize::Day);
    let events = [
        consumed(ts("2025-01-01T08:00:00Z"), 1.0),
        consumed(ts("2025-01-02T08:00:00Z"), 1.0),
        consumed(ts("2025-01-01T09:00:00Z"), 1.0),
    ];
    let mut stream = daily.buckets(&events);
    assert!(stream.next().unwrap().is_ok()); // 2025-01-01 completed
    let err = stream.next().unwrap().unwrap_err();
    assert_eq!(
        err,
        Error::EventsOutOfOrder {
            index: 2,
            previous: ts("2025-01-02T08:00:00Z"),
            got: ts("2025-01-01T09:00:00Z"),
        }
    );
    assert_eq!(err.field(), "occurred_at");
    assert!(stream.next().is_none());
    assert!(daily.summarize(events).is_err());
}

#[test]
fn equal_timestamps_are_in_order_and_subsecond_instants_stay_in_their_bucket() {
    let daily = Bucketing::new(TimeZone::utc(), BucketSize::Day);
    let last_instant = Timestamp::new(1_735_775_999, 999_999_999).unwrap(); // 2025-01-01T23:59:59.999999999Z
    let events = [
        consumed(ts("2025-01-01T08:00:00Z"), 1.0),
        consumed(ts("2025-01-01T08:00:00Z"), 1.0),
        consumed(last_instant, 1.0),
        consumed(ts("2025-01-02T00:00:00Z"), 1.0),
    ];
    let days = summarize(&daily, &events);
    assert_eq!(days.len(), 2);
    assert_eq!(days[0].event_count, 3);
    assert_eq!(days[0].last_event_at, last_instant);
}

#[test]
fn an_empty_stream_yields_no_buckets() {
    let daily = Bucketing::new(TimeZone::utc(), BucketSize::Day);
    assert!(summarize(&daily, &[]).is_empty());
}

#[test]
fn summaries_serialise_with_utc_and_local_starts() {
    let hourly = Bucketing::new(zone("America/New_York"), BucketSize::Hour);
    let hour = &summarize(&hourly, &[consumed(ts("2025-11-02T06:30:00Z"), 5.0)])[0];
    let json = serde_json::to_value(hour).unwrap();
    assert_eq!(json["start"], "2025-11-02T06:00:00Z");
    assert_eq!(json["end"], "2025-11-02T07:00:00Z");
    assert_eq!(json["local_start"], "2025-11-02T01:00:00");
    assert_eq!(json["utc_offset_seconds"], -18000);
    assert_eq!(json["size"], "hour");
    assert_eq!(json["total_kcal"], 5.0);
    assert_eq!(json["event_count"], 1);
    assert_eq!(json["by_type"]["consumed"]["count"], 1);
}
