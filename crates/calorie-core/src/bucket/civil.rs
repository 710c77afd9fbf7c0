//! Proleptic Gregorian calendar arithmetic on "local seconds" (seconds since
//! 1970-01-01T00:00 on the wall clock), used on the bucketing hot path.
//!
//! Days-from-civil and civil-from-days follow Howard Hinnant's public-domain algorithms
//! (<https://howardhinnant.github.io/date_algorithms.html>).

pub(crate) const SECONDS_PER_HOUR: i64 = 3_600;
pub(crate) const SECONDS_PER_DAY: i64 = 86_400;

/// Days since 1970-01-01 of the civil date `y-m-d`.
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date `(y, m, d)` of a count of days since 1970-01-01.
pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Day of the week of a count of days since 1970-01-01, 0 = Monday … 6 = Sunday.
pub(crate) fn weekday_from_monday(days: i64) -> i64 {
    // 1970-01-01 was a Thursday (3 days after Monday).
    (days + 3).rem_euclid(7)
}

/// Days since 1970-01-01 of a `jiff` civil date.
pub(crate) fn days_of(date: jiff::civil::Date) -> i64 {
    days_from_civil(
        i64::from(date.year()),
        i64::from(date.month()),
        i64::from(date.day()),
    )
}

/// Local seconds → `jiff` civil datetime, or `None` outside jiff's years −9999..=9999.
pub(crate) fn datetime_of(local: i64) -> Option<jiff::civil::DateTime> {
    let days = local.div_euclid(SECONDS_PER_DAY);
    let secs = local.rem_euclid(SECONDS_PER_DAY);
    let (y, m, d) = civil_from_days(days);
    jiff::civil::DateTime::new(
        i16::try_from(y).ok()?,
        m as i8,
        d as i8,
        (secs / 3_600) as i8,
        (secs / 60 % 60) as i8,
        (secs % 60) as i8,
        0,
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_epoch_is_day_zero_and_a_thursday() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(weekday_from_monday(0), 3);
    }

    #[test]
    fn days_round_trip_through_civil_dates_across_leap_years_and_centuries() {
        for z in (-800_000..800_000).step_by(7) {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(civil_from_days(days_from_civil(2000, 2, 29)), (2000, 2, 29));
        assert_eq!(
            days_from_civil(1900, 3, 1) - days_from_civil(1900, 2, 28),
            1
        );
        assert_eq!(
            days_from_civil(2024, 3, 1) - days_from_civil(2024, 2, 28),
            2
        );
    }

    #[test]
    fn civil_arithmetic_agrees_with_jiff() {
        for z in (-200_000..200_000).step_by(97) {
            let (y, m, d) = civil_from_days(z);
            let date = jiff::civil::date(y as i16, m as i8, d as i8);
            assert_eq!(days_of(date), z);
            let jiff_weekday = date.weekday().to_monday_zero_offset();
            assert_eq!(weekday_from_monday(z), i64::from(jiff_weekday));
        }
    }

    #[test]
    fn local_seconds_become_a_civil_datetime_and_negative_seconds_floor() {
        let dt = datetime_of(-1).unwrap();
        assert_eq!(dt, jiff::civil::date(1969, 12, 31).at(23, 59, 59, 0));
        assert!(datetime_of(i64::MAX / 2).is_none());
    }
}
