//! Time buckets: hour, day, week and month summaries in a user's IANA time zone.
//!
//! # The rules
//!
//! - **Day, week, month.** A bucket is labelled by a wall-clock start: a date at the day-start
//!   hour (`00:00` by default), the first day of the week (ISO Monday, or Sunday) or of the
//!   month at that hour. It covers the UTC instants from the first instant whose wall-clock
//!   time is at or after its label up to the next bucket's. So a DST day has 23 or 25
//!   hours, a day-start hour that falls in a spring-forward gap starts the day at the
//!   transition, and one in a fall-back fold starts it at the earlier of the two instants.
//!   This equals grouping by the local date of `wall_clock − day_start_hour`, i.e. in SQL
//!   `((occurred_at at time zone tz) - make_interval(hours => h))::date`.
//! - **Hour.** An hour bucket is the instants sharing one wall-clock hour *and* one UTC
//!   offset: the repeated hour of a fall-back night is two buckets (a 25-bucket day) and a
//!   spring-forward night has 23. Zones with `:30` and `:45` offsets get hours that start at
//!   `:30`/`:15` UTC. The day-start hour does not affect hours.
//! - **Figures.** Each bucket carries the seed views' figures over **calorie events only**
//!   (`consumed`, `burned_exercise`, `burned_bmr`): `total_kcal`, `event_count`,
//!   `average_kcal`, `first_event_at`, `last_event_at`, plus per-type tallies. **`weight`
//!   events are skipped**: they are not in any total or count and never open a bucket.
//!   Buckets without calorie events are not emitted.
//!
//! # Performance
//!
//! [`Bucketing::buckets`] streams: it takes any iterator of events **sorted by time**
//! (it returns [`Error::EventsOutOfOrder`] otherwise) and yields each bucket once it is
//! complete. It is O(n) and allocates nothing per event. Most events cost one comparison
//! against the current bucket's end; time-zone rules are consulted only when an event
//! crosses a bucket boundary, and only at DST transitions for hour buckets.

mod civil;
mod zone;

use std::borrow::Borrow;

use jiff::{civil::DateTime, tz::Offset, Timestamp};

use crate::{balance::Accumulator, Balance, BalanceInputs, Error, Event, TypeTotals};

pub(crate) use civil::{civil_from_days, days_from_civil, days_of};
use civil::{SECONDS_PER_DAY, SECONDS_PER_HOUR};
pub use zone::TimeZone;
use zone::{timestamp, Resolver};

string_enum! {
    /// The length of a bucket.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::BucketSize;
    ///
    /// assert_eq!("week".parse::<BucketSize>()?, BucketSize::Week);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub enum BucketSize (field = "bucket", allowed = "one of hour, day, week, month") {
        /// `hour`: one wall-clock hour at one UTC offset.
        Hour => "hour",
        /// `day`: a calendar day (23, 24 or 25 hours).
        Day => "day",
        /// `week`: seven calendar days from the week start.
        Week => "week",
        /// `month`: a calendar month.
        Month => "month",
    }
}

string_enum! {
    /// The first day of a week bucket.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::WeekStart;
    ///
    /// assert_eq!(WeekStart::default(), WeekStart::Monday);
    /// assert_eq!("sunday".parse::<WeekStart>()?, WeekStart::Sunday);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    #[derive(Default)]
    pub enum WeekStart (field = "week_start", allowed = "one of monday, sunday") {
        /// `monday`: ISO 8601 weeks, like PostgreSQL's `date_trunc('week', …)`. The default.
        #[default]
        Monday => "monday",
        /// `sunday`: weeks from Sunday.
        Sunday => "sunday",
    }
}

/// The wall-clock hour at which a day (and so a week or month) begins, `0..=23`.
///
/// It shifts wall-clock time, not a fixed duration: with `4`, the day of 2025-03-30 in
/// Berlin runs from 04:00 CEST that morning to 04:00 CEST the next, 24 hours, even though
/// the clocks jumped at 02:00.
///
/// # Example
///
/// ```
/// use calorie_core::DayStartHour;
///
/// assert_eq!(DayStartHour::new(4)?.hour(), 4);
/// assert_eq!(DayStartHour::default().hour(), 0);
/// assert_eq!(DayStartHour::new(24).unwrap_err().field(), "day_start_hour");
/// # Ok::<(), calorie_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct DayStartHour(u8);

impl DayStartHour {
    /// Validates a day-start hour.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] with field `day_start_hour` unless `hour <= 23`.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::DayStartHour;
    ///
    /// assert!(DayStartHour::new(23).is_ok());
    /// assert_eq!(
    ///     DayStartHour::new(25).unwrap_err().to_string(),
    ///     "day_start_hour must be in [0, 23], got 25",
    /// );
    /// ```
    pub fn new(hour: u8) -> Result<DayStartHour, Error> {
        if hour <= 23 {
            Ok(DayStartHour(hour))
        } else {
            Err(Error::out_of_range(
                "day_start_hour",
                "in [0, 23]",
                f64::from(hour),
            ))
        }
    }

    /// The hour, `0..=23`.
    ///
    /// # Example
    ///
    /// ```
    /// # use calorie_core::DayStartHour;
    /// assert_eq!(DayStartHour::new(6)?.hour(), 6);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn hour(self) -> u8 {
        self.0
    }
}

impl serde::Serialize for DayStartHour {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for DayStartHour {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<DayStartHour, D::Error> {
        let hour = <u8 as serde::Deserialize>::deserialize(deserializer)?;
        DayStartHour::new(hour).map_err(<D::Error as serde::de::Error>::custom)
    }
}

/// How to cut time into buckets: a zone, a size, a week start and a day-start hour.
///
/// # Example
///
/// ```
/// use calorie_core::{BucketSize, Bucketing, DayStartHour, TimeZone, WeekStart};
///
/// let daily = Bucketing::new(TimeZone::get("Europe/Rome")?, BucketSize::Day)
///     .with_day_start_hour(DayStartHour::new(4)?);
/// let weekly = Bucketing::new(TimeZone::get("America/New_York")?, BucketSize::Week)
///     .with_week_start(WeekStart::Sunday);
/// assert_eq!(weekly.week_start(), WeekStart::Sunday);
/// # Ok::<(), calorie_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Bucketing {
    zone: TimeZone,
    size: BucketSize,
    week_start: WeekStart,
    day_start_hour: DayStartHour,
}

impl Bucketing {
    /// Buckets of `size` in `zone`, with ISO weeks and days starting at midnight.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{BucketSize, Bucketing, TimeZone};
    ///
    /// let hourly = Bucketing::new(TimeZone::get("Asia/Kolkata")?, BucketSize::Hour);
    /// assert_eq!(hourly.size(), BucketSize::Hour);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn new(zone: TimeZone, size: BucketSize) -> Bucketing {
        Bucketing {
            zone,
            size,
            week_start: WeekStart::Monday,
            day_start_hour: DayStartHour::default(),
        }
    }

    /// The same bucketing with another first day of the week (only affects week buckets).
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{BucketSize, Bucketing, TimeZone, WeekStart};
    ///
    /// let b = Bucketing::new(TimeZone::utc(), BucketSize::Week).with_week_start(WeekStart::Sunday);
    /// assert_eq!(b.week_start(), WeekStart::Sunday);
    /// ```
    pub fn with_week_start(self, week_start: WeekStart) -> Bucketing {
        Bucketing { week_start, ..self }
    }

    /// The same bucketing with days starting at another wall-clock hour (affects day, week
    /// and month buckets, not hour buckets).
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{BucketSize, Bucketing, DayStartHour, TimeZone};
    ///
    /// let b = Bucketing::new(TimeZone::utc(), BucketSize::Day).with_day_start_hour(DayStartHour::new(5)?);
    /// assert_eq!(b.day_start_hour().hour(), 5);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn with_day_start_hour(self, day_start_hour: DayStartHour) -> Bucketing {
        Bucketing {
            day_start_hour,
            ..self
        }
    }

    /// The time zone.
    ///
    /// # Example
    ///
    /// ```
    /// # use calorie_core::{BucketSize, Bucketing, TimeZone};
    /// let b = Bucketing::new(TimeZone::get("Europe/Berlin")?, BucketSize::Day);
    /// assert_eq!(b.zone().name(), "Europe/Berlin");
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn zone(&self) -> &TimeZone {
        &self.zone
    }

    /// The bucket size.
    ///
    /// # Example
    ///
    /// ```
    /// # use calorie_core::{BucketSize, Bucketing, TimeZone};
    /// assert_eq!(Bucketing::new(TimeZone::utc(), BucketSize::Month).size(), BucketSize::Month);
    /// ```
    pub fn size(&self) -> BucketSize {
        self.size
    }

    /// The first day of week buckets.
    ///
    /// # Example
    ///
    /// ```
    /// # use calorie_core::{BucketSize, Bucketing, TimeZone, WeekStart};
    /// assert_eq!(Bucketing::new(TimeZone::utc(), BucketSize::Week).week_start(), WeekStart::Monday);
    /// ```
    pub fn week_start(&self) -> WeekStart {
        self.week_start
    }

    /// The wall-clock hour at which days begin.
    ///
    /// # Example
    ///
    /// ```
    /// # use calorie_core::{BucketSize, Bucketing, TimeZone};
    /// assert_eq!(Bucketing::new(TimeZone::utc(), BucketSize::Day).day_start_hour().hour(), 0);
    /// ```
    pub fn day_start_hour(&self) -> DayStartHour {
        self.day_start_hour
    }

    /// The bucket containing an instant, e.g. to query "today in Europe/Rome" as a UTC range.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] (field `occurred_at`) only when the bucket's wall-clock label
    /// falls outside the years −9999..=9999.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{BucketSize, Bucketing, TimeZone};
    /// use jiff::Timestamp;
    ///
    /// // New York's 2025-03-09 has 23 hours: 05:00Z to 04:00Z the next day.
    /// let daily = Bucketing::new(TimeZone::get("America/New_York")?, BucketSize::Day);
    /// let day = daily.bucket_at("2025-03-09T15:00:00Z".parse()?)?;
    /// assert_eq!(day.start.to_string(), "2025-03-09T05:00:00Z");
    /// assert_eq!(day.end.to_string(), "2025-03-10T04:00:00Z");
    /// assert_eq!(day.duration_seconds(), 23 * 3600);
    /// assert_eq!(day.local_start.to_string(), "2025-03-09T00:00:00");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn bucket_at(&self, at: Timestamp) -> Result<Bucket, Error> {
        let mut resolver = Resolver::new(&self.zone);
        self.locate(&mut resolver, floor_second(at))
            .to_bucket(self.size, &mut resolver)
    }

    /// Streams bucket summaries from events sorted by time.
    ///
    /// Takes any iterator of [`Event`]s or `&Event`s in non-decreasing order of
    /// [`Event::at`] and yields one [`BucketSummary`] per bucket that has at least one
    /// calorie event, in time order, as soon as the bucket is complete. O(n), with no
    /// allocation per event. See the [module docs](crate::bucket) for the rules.
    ///
    /// # Errors
    ///
    /// Yields [`Error::EventsOutOfOrder`] (field `occurred_at`) and then stops if an event
    /// is earlier than the one before it. Buckets completed before that point have already
    /// been yielded.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{BucketSize, Bucketing, Event, EventType, TimeZone};
    ///
    /// let hourly = Bucketing::new(TimeZone::get("America/New_York")?, BucketSize::Hour);
    /// // 05:30Z is 01:30 EDT and 06:30Z is 01:30 EST: the repeated hour of 2025-11-02.
    /// let events = [
    ///     Event::new("2025-11-02T05:30:00Z".parse()?, EventType::Consumed, 100.0)?,
    ///     Event::new("2025-11-02T06:30:00Z".parse()?, EventType::Consumed, 200.0)?,
    /// ];
    /// let buckets: Vec<_> = hourly.buckets(&events).collect::<Result<_, _>>()?;
    /// assert_eq!(buckets.len(), 2);
    /// assert_eq!(buckets[0].bucket.local_start.to_string(), "2025-11-02T01:00:00");
    /// assert_eq!(buckets[1].bucket.local_start.to_string(), "2025-11-02T01:00:00");
    /// assert_eq!(buckets[0].bucket.offset.seconds(), -4 * 3600);
    /// assert_eq!(buckets[1].bucket.offset.seconds(), -5 * 3600);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn buckets<I>(&self, events: I) -> Buckets<'_, I::IntoIter>
    where
        I: IntoIterator,
        I::Item: Borrow<Event>,
    {
        Buckets {
            bucketing: self,
            resolver: Resolver::new(&self.zone),
            events: events.into_iter(),
            index: 0,
            previous: Timestamp::MIN,
            open: None,
            open_end: i64::MIN,
            failed: false,
        }
    }

    /// Collects [`Bucketing::buckets`] into a `Vec`.
    ///
    /// # Errors
    ///
    /// [`Error::EventsOutOfOrder`] if the events are not sorted by time.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{BucketSize, Bucketing, Event, EventType, TimeZone};
    ///
    /// let daily = Bucketing::new(TimeZone::get("Europe/Rome")?, BucketSize::Day);
    /// let events = [
    ///     Event::new("2025-01-01T08:00:00Z".parse()?, EventType::Consumed, 400.0)?,
    ///     Event::new("2025-01-01T12:00:00Z".parse()?, EventType::Weight, 81.0)?, // skipped
    ///     Event::new("2025-01-01T18:00:00Z".parse()?, EventType::Consumed, 800.0)?,
    ///     Event::new("2025-01-01T23:30:00Z".parse()?, EventType::Consumed, 100.0)?, // 00:30 on the 2nd in Rome
    /// ];
    /// let days = daily.summarize(&events)?;
    /// assert_eq!(days.len(), 2);
    /// assert_eq!((days[0].total_kcal, days[0].event_count, days[0].average_kcal), (1200.0, 2, 600.0));
    /// assert_eq!(days[1].bucket.local_start.date().to_string(), "2025-01-02");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn summarize<I>(&self, events: I) -> Result<Vec<BucketSummary>, Error>
    where
        I: IntoIterator,
        I::Item: Borrow<Event>,
    {
        self.buckets(events).collect()
    }

    /// Sorts `events` by time in place, then summarises them. For input in any order.
    ///
    /// # Errors
    ///
    /// None in practice; the `Result` mirrors [`Bucketing::summarize`].
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{BucketSize, Bucketing, Event, EventType, TimeZone};
    ///
    /// let daily = Bucketing::new(TimeZone::utc(), BucketSize::Day);
    /// let mut events = [
    ///     Event::new("2025-01-02T08:00:00Z".parse()?, EventType::Consumed, 1.0)?,
    ///     Event::new("2025-01-01T08:00:00Z".parse()?, EventType::Consumed, 2.0)?,
    /// ];
    /// assert!(daily.summarize(&events).is_err()); // not sorted
    /// let days = daily.summarize_unsorted(&mut events)?;
    /// assert_eq!(days[0].total_kcal, 2.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn summarize_unsorted(&self, events: &mut [Event]) -> Result<Vec<BucketSummary>, Error> {
        events.sort_unstable_by_key(|e| e.at());
        self.summarize(&*events)
    }

    /// Finds the bucket containing UTC second `t`.
    fn locate(&self, resolver: &mut Resolver<'_>, t: i64) -> Bounds {
        let span = resolver.span(t);
        let local = t + span.offset;
        if self.size == BucketSize::Hour {
            let label = local.div_euclid(SECONDS_PER_HOUR) * SECONDS_PER_HOUR;
            return Bounds {
                start: span.start.max(label - span.offset),
                end: span.end.min(label + SECONDS_PER_HOUR - span.offset),
                label,
            };
        }
        let mut label = self.label_of(local);
        // Normally one pass; a fold or gap across a boundary needs one more. The bound only
        // guards against looping forever on inconsistent time-zone data.
        for _ in 0..8 {
            let start = resolver.first_at_or_after(label);
            if t < start {
                // Only when a fold crosses a boundary: the wall clock went back past it.
                label = self.step(label, -1);
                continue;
            }
            let next = self.step(label, 1);
            let end = resolver.first_at_or_after(next);
            if t >= end {
                // A gap swallowed this label (e.g. Pacific/Apia skipped 2011-12-30).
                label = next;
                continue;
            }
            return Bounds { start, end, label };
        }
        debug_assert!(false, "no bucket found for {t} in {}", self.zone);
        Bounds {
            start: t,
            end: t + 1,
            label,
        }
    }

    /// The label (local seconds) of the day, week or month containing local second `local`.
    fn label_of(&self, local: i64) -> i64 {
        let shift = i64::from(self.day_start_hour.0) * SECONDS_PER_HOUR;
        let day = (local - shift).div_euclid(SECONDS_PER_DAY);
        let first_day = match self.size {
            BucketSize::Hour | BucketSize::Day => day,
            BucketSize::Week => {
                let from_monday = civil::weekday_from_monday(day);
                let back = match self.week_start {
                    WeekStart::Monday => from_monday,
                    WeekStart::Sunday => (from_monday + 1) % 7,
                };
                day - back
            }
            BucketSize::Month => {
                let (y, m, _) = civil::civil_from_days(day);
                civil::days_from_civil(y, m, 1)
            }
        };
        first_day * SECONDS_PER_DAY + shift
    }

    /// The label `n` (±1) buckets after `label`.
    fn step(&self, label: i64, n: i64) -> i64 {
        match self.size {
            BucketSize::Hour => label + n * SECONDS_PER_HOUR,
            BucketSize::Day => label + n * SECONDS_PER_DAY,
            BucketSize::Week => label + n * 7 * SECONDS_PER_DAY,
            BucketSize::Month => {
                let shift = label.rem_euclid(SECONDS_PER_DAY);
                let (y, m, _) = civil::civil_from_days(label.div_euclid(SECONDS_PER_DAY));
                let months = y * 12 + (m - 1) + n;
                let day =
                    civil::days_from_civil(months.div_euclid(12), months.rem_euclid(12) + 1, 1);
                day * SECONDS_PER_DAY + shift
            }
        }
    }
}

/// A bucket in UTC seconds plus its wall-clock label in local seconds.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    start: i64,
    end: i64,
    label: i64,
}

impl Bounds {
    fn to_bucket(self, size: BucketSize, resolver: &mut Resolver<'_>) -> Result<Bucket, Error> {
        let local_start = civil::datetime_of(self.label).ok_or_else(|| {
            Error::out_of_range(
                "occurred_at",
                "within the years -9999..=9999 in local time",
                self.start as f64,
            )
        })?;
        let offset = resolver.span(self.start).offset;
        Ok(Bucket {
            size,
            start: timestamp(self.start),
            end: timestamp(self.end),
            local_start,
            offset: Offset::from_seconds(offset as i32).unwrap_or(Offset::UTC),
        })
    }
}

/// One bucket: a half-open UTC interval `[start, end)` and its wall-clock label.
///
/// # Example
///
/// ```
/// use calorie_core::{BucketSize, Bucketing, TimeZone};
/// use jiff::Timestamp;
///
/// // Kathmandu is UTC+05:45: its local hours start at :15 past the UTC hour.
/// let hourly = Bucketing::new(TimeZone::get("Asia/Kathmandu")?, BucketSize::Hour);
/// let hour = hourly.bucket_at("2025-06-01T10:20:00Z".parse()?)?;
/// assert_eq!(hour.start.to_string(), "2025-06-01T10:15:00Z");
/// assert_eq!(hour.local_start.to_string(), "2025-06-01T16:00:00");
/// assert_eq!(hour.offset.seconds(), 5 * 3600 + 45 * 60);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct Bucket {
    /// The bucket's size.
    pub size: BucketSize,
    /// First instant in the bucket (inclusive), UTC.
    #[serde(with = "crate::text::timestamp")]
    pub start: Timestamp,
    /// First instant after the bucket (exclusive), UTC.
    #[serde(with = "crate::text::timestamp")]
    pub end: Timestamp,
    /// The wall-clock label: the local date and time the bucket starts at (for a day, the
    /// date at the day-start hour; for a week, its first day; for an hour, the local hour).
    /// In a gap the bucket's first instant shows a later wall-clock time than this label.
    #[serde(serialize_with = "crate::text::serialize_datetime")]
    pub local_start: DateTime,
    /// The UTC offset at `start`. Distinguishes the two buckets of a repeated hour.
    #[serde(rename = "utc_offset_seconds", serialize_with = "offset_seconds")]
    pub offset: Offset,
}

fn offset_seconds<S: serde::Serializer>(offset: &Offset, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_i32(offset.seconds())
}

impl Bucket {
    /// Whether an instant lies in `[start, end)`.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{BucketSize, Bucketing, TimeZone};
    ///
    /// let day = Bucketing::new(TimeZone::utc(), BucketSize::Day).bucket_at("2025-05-05T12:00:00Z".parse()?)?;
    /// assert!(day.contains("2025-05-05T00:00:00Z".parse()?));
    /// assert!(!day.contains("2025-05-06T00:00:00Z".parse()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn contains(&self, at: Timestamp) -> bool {
        self.start <= at && at < self.end
    }

    /// Elapsed seconds from `start` to `end` (e.g. 82 800 for a 23-hour DST day).
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{BucketSize, Bucketing, TimeZone};
    ///
    /// let berlin = Bucketing::new(TimeZone::get("Europe/Berlin")?, BucketSize::Day);
    /// let fall_back = berlin.bucket_at("2025-10-26T12:00:00Z".parse()?)?;
    /// assert_eq!(fall_back.duration_seconds(), 25 * 3600);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn duration_seconds(&self) -> i64 {
        self.end.as_second() - self.start.as_second()
    }

    /// How many calendar days the bucket stands for, the multiplier of per-day targets in
    /// [`BucketSummary::balance`]: 1 for a day (even a 23- or 25-hour one), 7 for a week,
    /// the month's length for a month, and elapsed hours / 24 for an hour bucket.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{BucketSize, Bucketing, TimeZone};
    ///
    /// let monthly = Bucketing::new(TimeZone::get("Europe/Rome")?, BucketSize::Month);
    /// let feb = monthly.bucket_at("2024-02-10T12:00:00Z".parse()?)?;
    /// assert_eq!(feb.calendar_days(), 29.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn calendar_days(&self) -> f64 {
        match self.size {
            BucketSize::Hour => self.duration_seconds() as f64 / SECONDS_PER_DAY as f64,
            BucketSize::Day => 1.0,
            BucketSize::Week => 7.0,
            BucketSize::Month => f64::from(self.local_start.date().days_in_month()),
        }
    }
}

/// A bucket with the seed views' figures and per-type tallies. Calorie events only:
/// `weight` events are never counted.
///
/// # Example
///
/// ```
/// use calorie_core::{BalanceInputs, BucketSize, Bucketing, Event, EventType, TimeZone};
///
/// let daily = Bucketing::new(TimeZone::get("Europe/Rome")?, BucketSize::Day);
/// let events = [
///     Event::new("2025-06-01T07:00:00Z".parse()?, EventType::Consumed, 600.0)?,
///     Event::new("2025-06-01T17:00:00Z".parse()?, EventType::BurnedExercise, 250.0)?,
/// ];
/// let day = &daily.summarize(&events)?[0];
/// assert_eq!(day.total_kcal, 850.0);
/// assert_eq!(day.first_event_at.to_string(), "2025-06-01T07:00:00Z");
/// let balance = day.balance(&BalanceInputs { daily_target_kcal: Some(2000.0), profile_bmr_kcal_per_day: Some(1400.0) });
/// assert_eq!(balance.net_kcal, 600.0 - 250.0 - 1400.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct BucketSummary {
    /// Which bucket.
    #[serde(flatten)]
    pub bucket: Bucket,
    /// Σ of all calorie events (consumed + burned_exercise + burned_bmr), kcal: the seed's
    /// `total_calories`.
    pub total_kcal: f64,
    /// Number of calorie events.
    pub event_count: u64,
    /// `total_kcal / event_count`.
    pub average_kcal: f64,
    /// The earliest calorie event.
    #[serde(with = "crate::text::timestamp")]
    pub first_event_at: Timestamp,
    /// The latest calorie event.
    #[serde(with = "crate::text::timestamp")]
    pub last_event_at: Timestamp,
    /// Per-type sums and counts.
    pub by_type: TypeTotals,
}

impl BucketSummary {
    /// The bucket's energy balance, with per-day inputs scaled by
    /// [`Bucket::calendar_days`]. See [`TypeTotals::balance`].
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{BalanceInputs, BmrSource, BucketSize, Bucketing, Event, EventType, TimeZone};
    ///
    /// let weekly = Bucketing::new(TimeZone::utc(), BucketSize::Week);
    /// let week = &weekly.summarize([Event::new("2025-01-01T12:00:00Z".parse()?, EventType::Consumed, 13_000.0)?])?[0];
    /// let b = week.balance(&BalanceInputs { daily_target_kcal: Some(2000.0), profile_bmr_kcal_per_day: None });
    /// assert_eq!(b.target_kcal, Some(14_000.0));
    /// assert_eq!(b.variance_kcal, Some(-1_000.0));
    /// assert_eq!(b.bmr_source, BmrSource::Missing);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn balance(&self, inputs: &BalanceInputs) -> Balance {
        self.by_type.balance(self.bucket.calendar_days(), inputs)
    }
}

/// The open bucket of a [`Buckets`] stream.
#[derive(Debug)]
struct Open {
    bounds: Bounds,
    acc: Accumulator,
    first: Timestamp,
    last: Timestamp,
}

/// Iterator of completed buckets, from [`Bucketing::buckets`].
#[derive(Debug)]
pub struct Buckets<'a, I> {
    bucketing: &'a Bucketing,
    resolver: Resolver<'a>,
    events: I,
    index: u64,
    previous: Timestamp,
    open: Option<Open>,
    /// `open.bounds.end`, or `i64::MIN` when nothing is open: the hot-path comparison.
    open_end: i64,
    failed: bool,
}

impl<I> Buckets<'_, I> {
    /// Turns a finished bucket into its summary; a failure ends the stream.
    fn finish(&mut self, open: Open) -> Result<BucketSummary, Error> {
        let bucket = open
            .bounds
            .to_bucket(self.bucketing.size, &mut self.resolver)
            .inspect_err(|_| self.failed = true)?;
        let event_count = open.acc.count();
        let total_kcal = open.acc.total_kcal();
        Ok(BucketSummary {
            bucket,
            total_kcal,
            event_count,
            average_kcal: total_kcal / event_count as f64,
            first_event_at: open.first,
            last_event_at: open.last,
            by_type: open.acc.totals(),
        })
    }
}

impl<I> Iterator for Buckets<'_, I>
where
    I: Iterator,
    I::Item: Borrow<Event>,
{
    type Item = Result<BucketSummary, Error>;

    fn next(&mut self) -> Option<Result<BucketSummary, Error>> {
        if self.failed {
            return None;
        }
        loop {
            let Some(item) = self.events.next() else {
                let open = self.open.take()?;
                self.open_end = i64::MIN;
                return Some(self.finish(open));
            };
            let event = item.borrow();
            let at = event.at();
            if at < self.previous {
                self.failed = true;
                return Some(Err(Error::EventsOutOfOrder {
                    index: self.index,
                    previous: self.previous,
                    got: at,
                }));
            }
            self.previous = at;
            self.index += 1;
            if !event.kind().is_calories() {
                continue;
            }
            let t = floor_second(at);
            if t < self.open_end {
                if let Some(open) = self.open.as_mut() {
                    open.acc.add(event.kind(), event.amount());
                    open.last = at;
                    continue;
                }
            }
            let bounds = self.bucketing.locate(&mut self.resolver, t);
            let mut acc = Accumulator::default();
            acc.add(event.kind(), event.amount());
            let done = self.open.replace(Open {
                bounds,
                acc,
                first: at,
                last: at,
            });
            self.open_end = bounds.end;
            if let Some(done) = done {
                return Some(self.finish(done));
            }
        }
    }
}

impl<I> std::iter::FusedIterator for Buckets<'_, I>
where
    I: Iterator,
    I::Item: Borrow<Event>,
{
}

/// Whole UTC seconds, rounded down (so −0.5 s is −1).
#[inline]
fn floor_second(at: Timestamp) -> i64 {
    at.as_second() - i64::from(at.subsec_nanosecond() < 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn local(s: &str) -> i64 {
        let dt: DateTime = s.parse().unwrap();
        civil::days_of(dt.date()) * SECONDS_PER_DAY + i64::from(dt.hour()) * 3600
    }

    #[test]
    fn a_week_label_is_the_monday_or_sunday_at_the_day_start_hour() {
        let utc = TimeZone::utc();
        let iso = Bucketing::new(utc.clone(), BucketSize::Week);
        // 2025-01-01 is a Wednesday: its ISO week starts Monday 2024-12-30.
        assert_eq!(
            iso.label_of(local("2025-01-01T10:00")),
            local("2024-12-30T00:00")
        );
        let sunday = iso.clone().with_week_start(WeekStart::Sunday);
        assert_eq!(
            sunday.label_of(local("2025-01-01T10:00")),
            local("2024-12-29T00:00")
        );
        // A Sunday belongs to its own Sunday week, and to the ISO week that began 6 days before.
        assert_eq!(
            sunday.label_of(local("2025-01-05T10:00")),
            local("2025-01-05T00:00")
        );
        assert_eq!(
            iso.label_of(local("2025-01-05T10:00")),
            local("2024-12-30T00:00")
        );
        // With a 04:00 day start, Monday 02:00 still belongs to the previous week.
        let shifted = iso.with_day_start_hour(DayStartHour::new(4).unwrap());
        assert_eq!(
            shifted.label_of(local("2024-12-30T02:00")),
            local("2024-12-23T04:00")
        );
    }

    #[test]
    fn stepping_months_crosses_year_ends_and_keeps_the_day_start_hour() {
        let monthly = Bucketing::new(TimeZone::utc(), BucketSize::Month)
            .with_day_start_hour(DayStartHour::new(6).unwrap());
        assert_eq!(
            monthly.step(local("2024-12-01T06:00"), 1),
            local("2025-01-01T06:00")
        );
        assert_eq!(
            monthly.step(local("2025-01-01T06:00"), -1),
            local("2024-12-01T06:00")
        );
        assert_eq!(
            monthly.label_of(local("2025-03-01T05:00")),
            local("2025-02-01T06:00")
        );
    }

    #[test]
    fn floor_second_rounds_toward_the_past() {
        assert_eq!(floor_second(Timestamp::new(-1, -500_000_000).unwrap()), -2);
        assert_eq!(floor_second(Timestamp::new(1, 500_000_000).unwrap()), 1);
        assert_eq!(floor_second(Timestamp::new(0, 0).unwrap()), 0);
    }
}
