//! Energy balance: consumed, burned, net and variance to a target.
//!
//! Per DOMAIN.md: `consumed = Σ consumed`, `burned = Σ burned_exercise + Σ burned_bmr`
//! (or the metabolic profile's BMR share when no `burned_bmr` event exists; [`BmrSource`]
//! says which), `net = consumed − burned`, `variance = consumed − target`.
//! `weight` events carry kilograms and are never summed.
//!
//! Sums use Neumaier (compensated) summation, so the order of events does not change a
//! total beyond the last bits of an `f64`.

use std::borrow::Borrow;

use crate::{Event, EventType};

/// The sum and number of one type of calorie event.
///
/// # Example
///
/// ```
/// use calorie_core::Tally;
///
/// let t = Tally { kcal: 300.0, count: 2 };
/// assert_eq!(t.kcal, 300.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Tally {
    /// Sum of the events' energy, kcal.
    pub kcal: f64,
    /// Number of events.
    pub count: u64,
}

/// Sums and counts of the three calorie event types. `weight` events are not counted.
///
/// # Example
///
/// ```
/// use calorie_core::{Event, EventType, TypeTotals};
/// use jiff::Timestamp;
///
/// let at = Timestamp::UNIX_EPOCH;
/// let events = [
///     Event::new(at, EventType::Consumed, 500.0)?,
///     Event::new(at, EventType::Consumed, 700.0)?,
///     Event::new(at, EventType::BurnedExercise, 300.0)?,
///     Event::new(at, EventType::Weight, 81.0)?, // kg: ignored
/// ];
/// let totals = TypeTotals::from_events(&events);
/// assert_eq!(totals.consumed.kcal, 1200.0);
/// assert_eq!(totals.burned_exercise.count, 1);
/// assert_eq!(totals.total_kcal(), 1500.0);
/// assert_eq!(totals.count(), 3);
/// # Ok::<(), calorie_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct TypeTotals {
    /// `consumed` events.
    pub consumed: Tally,
    /// `burned_exercise` events.
    pub burned_exercise: Tally,
    /// `burned_bmr` events.
    pub burned_bmr: Tally,
}

impl TypeTotals {
    /// Sums any iterator of events (owned or borrowed), skipping `weight` events.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{Event, EventType, TypeTotals};
    /// use jiff::Timestamp;
    ///
    /// let e = Event::new(Timestamp::UNIX_EPOCH, EventType::BurnedBmr, 1700.0)?;
    /// assert_eq!(TypeTotals::from_events([e]).burned_bmr.kcal, 1700.0);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn from_events<I>(events: I) -> TypeTotals
    where
        I: IntoIterator,
        I::Item: Borrow<Event>,
    {
        let mut acc = Accumulator::default();
        for event in events {
            let event = event.borrow();
            acc.add(event.kind(), event.amount());
        }
        acc.totals()
    }

    /// Sum of all calorie events (consumed + burned_exercise + burned_bmr), kcal: the seed's
    /// `total_calories`.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{Tally, TypeTotals};
    ///
    /// let t = TypeTotals { consumed: Tally { kcal: 2.0, count: 1 }, ..Default::default() };
    /// assert_eq!(t.total_kcal(), 2.0);
    /// ```
    pub fn total_kcal(&self) -> f64 {
        let mut sum = Neumaier::default();
        sum.add(self.consumed.kcal);
        sum.add(self.burned_exercise.kcal);
        sum.add(self.burned_bmr.kcal);
        sum.value()
    }

    /// Number of calorie events: the seed's event count.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{Tally, TypeTotals};
    ///
    /// let t = TypeTotals { burned_bmr: Tally { kcal: 2.0, count: 4 }, ..Default::default() };
    /// assert_eq!(t.count(), 4);
    /// ```
    pub fn count(&self) -> u64 {
        self.consumed.count + self.burned_exercise.count + self.burned_bmr.count
    }

    /// The energy balance of these totals over `calendar_days` days.
    ///
    /// `inputs.daily_target_kcal` and `inputs.profile_bmr_kcal_per_day` are per day and are
    /// multiplied by `calendar_days` (1 for a day; see [`crate::Bucket::calendar_days`]).
    /// The profile BMR is used only when there is no `burned_bmr` event at all; the result's
    /// [`BmrSource`] says which was used.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{BalanceInputs, BmrSource, Event, EventType, TypeTotals};
    /// use jiff::Timestamp;
    ///
    /// let at = Timestamp::UNIX_EPOCH;
    /// let day = TypeTotals::from_events([
    ///     Event::new(at, EventType::Consumed, 2100.0)?,
    ///     Event::new(at, EventType::BurnedExercise, 400.0)?,
    /// ]);
    /// let inputs = BalanceInputs { daily_target_kcal: Some(2000.0), profile_bmr_kcal_per_day: Some(1780.0) };
    /// let b = day.balance(1.0, &inputs);
    /// assert_eq!(b.bmr_source, BmrSource::Profile);
    /// assert_eq!(b.burned_kcal, 2180.0);   // 400 + 1780
    /// assert_eq!(b.net_kcal, -80.0);       // 2100 − 2180
    /// assert_eq!(b.variance_kcal, Some(100.0)); // 2100 − 2000
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn balance(&self, calendar_days: f64, inputs: &BalanceInputs) -> Balance {
        let (burned_bmr_kcal, bmr_source) = if self.burned_bmr.count > 0 {
            (self.burned_bmr.kcal, BmrSource::Events)
        } else if let Some(bmr) = inputs.profile_bmr_kcal_per_day {
            (bmr * calendar_days, BmrSource::Profile)
        } else {
            (0.0, BmrSource::Missing)
        };
        let consumed_kcal = self.consumed.kcal;
        let burned_kcal = self.burned_exercise.kcal + burned_bmr_kcal;
        let target_kcal = inputs.daily_target_kcal.map(|t| t * calendar_days);
        Balance {
            consumed_kcal,
            burned_exercise_kcal: self.burned_exercise.kcal,
            burned_bmr_kcal,
            bmr_source,
            burned_kcal,
            net_kcal: consumed_kcal - burned_kcal,
            target_kcal,
            variance_kcal: target_kcal.map(|t| consumed_kcal - t),
        }
    }
}

/// Per-day figures a balance is measured against.
///
/// # Example
///
/// ```
/// use calorie_core::BalanceInputs;
///
/// let none = BalanceInputs::default();
/// assert_eq!(none.daily_target_kcal, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BalanceInputs {
    /// The daily calorie target (e.g. [`crate::DailyTarget::kcal_per_day`]), kcal/day.
    pub daily_target_kcal: Option<f64>,
    /// The metabolic profile's BMR ([`crate::MetabolicProfile::calories_burned_bmr`]),
    /// kcal/day, used when no `burned_bmr` event exists.
    pub profile_bmr_kcal_per_day: Option<f64>,
}

string_enum! {
    /// Where a balance's BMR figure came from.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::BmrSource;
    ///
    /// assert_eq!(BmrSource::Profile.as_str(), "profile");
    /// ```
    pub enum BmrSource (field = "bmr_source", allowed = "one of events, profile, missing") {
        /// `events`: the sum of `burned_bmr` events.
        Events => "events",
        /// `profile`: no `burned_bmr` event; the metabolic profile's BMR share was used.
        Profile => "profile",
        /// `missing`: neither events nor a profile; BMR counted as 0.
        Missing => "missing",
    }
}

/// Consumed, burned, net and variance for one period, all kcal.
///
/// # Example
///
/// ```
/// use calorie_core::{BalanceInputs, TypeTotals};
///
/// let b = TypeTotals::default().balance(1.0, &BalanceInputs::default());
/// assert_eq!(b.net_kcal, 0.0);
/// assert_eq!(b.variance_kcal, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct Balance {
    /// Σ `consumed`.
    pub consumed_kcal: f64,
    /// Σ `burned_exercise`.
    pub burned_exercise_kcal: f64,
    /// Σ `burned_bmr`, or the profile's BMR share (see `bmr_source`).
    pub burned_bmr_kcal: f64,
    /// Where `burned_bmr_kcal` came from.
    pub bmr_source: BmrSource,
    /// `burned_exercise_kcal + burned_bmr_kcal`.
    pub burned_kcal: f64,
    /// `consumed_kcal − burned_kcal`: negative is a deficit.
    pub net_kcal: f64,
    /// The target for the period, if one was given.
    pub target_kcal: Option<f64>,
    /// `consumed_kcal − target_kcal`: positive is over target.
    pub variance_kcal: Option<f64>,
}

/// Neumaier's compensated sum.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Neumaier {
    sum: f64,
    compensation: f64,
}

impl Neumaier {
    #[inline]
    pub(crate) fn add(&mut self, x: f64) {
        let t = self.sum + x;
        if self.sum.abs() >= x.abs() {
            self.compensation += (self.sum - t) + x;
        } else {
            self.compensation += (x - t) + self.sum;
        }
        self.sum = t;
    }

    pub(crate) fn value(&self) -> f64 {
        self.sum + self.compensation
    }
}

/// Running sums per calorie type plus the overall total; the bucketer's hot-path state.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Accumulator {
    total: Neumaier,
    sums: [Neumaier; 3],
    counts: [u64; 3],
}

impl Accumulator {
    /// Adds an event; returns `false` (and adds nothing) for a `weight` event.
    #[inline]
    pub(crate) fn add(&mut self, kind: EventType, amount: f64) -> bool {
        let i = match kind {
            EventType::Consumed => 0,
            EventType::BurnedExercise => 1,
            EventType::BurnedBmr => 2,
            EventType::Weight => return false,
        };
        self.total.add(amount);
        self.sums[i].add(amount);
        self.counts[i] += 1;
        true
    }

    pub(crate) fn total_kcal(&self) -> f64 {
        self.total.value()
    }

    pub(crate) fn count(&self) -> u64 {
        self.counts[0] + self.counts[1] + self.counts[2]
    }

    pub(crate) fn totals(&self) -> TypeTotals {
        let tally = |i: usize| Tally {
            kcal: self.sums[i].value(),
            count: self.counts[i],
        };
        TypeTotals {
            consumed: tally(0),
            burned_exercise: tally(1),
            burned_bmr: tally(2),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn ev(kind: EventType, amount: f64) -> Event {
        Event::new(Timestamp::UNIX_EPOCH, kind, amount).unwrap()
    }

    #[test]
    fn weight_events_are_never_summed_as_calories() {
        let totals = TypeTotals::from_events([
            ev(EventType::Weight, 80.0),
            ev(EventType::Consumed, 100.0),
            ev(EventType::Weight, 79.5),
        ]);
        assert_eq!(totals.total_kcal(), 100.0);
        assert_eq!(totals.count(), 1);
        let b = totals.balance(1.0, &BalanceInputs::default());
        assert_eq!(b.consumed_kcal, 100.0);
        assert_eq!(b.burned_kcal, 0.0);
    }

    #[test]
    fn burned_bmr_events_take_precedence_over_the_profile() {
        let totals = TypeTotals::from_events([
            ev(EventType::Consumed, 2500.0),
            ev(EventType::BurnedBmr, 1650.0),
            ev(EventType::BurnedExercise, 350.0),
        ]);
        let inputs = BalanceInputs {
            daily_target_kcal: Some(2200.0),
            profile_bmr_kcal_per_day: Some(1780.0),
        };
        let b = totals.balance(1.0, &inputs);
        // burned = 350 + 1650 = 2000; net = 2500 − 2000 = 500; variance = 2500 − 2200 = 300
        assert_eq!(b.bmr_source, BmrSource::Events);
        assert_eq!(b.burned_kcal, 2000.0);
        assert_eq!(b.net_kcal, 500.0);
        assert_eq!(b.variance_kcal, Some(300.0));
    }

    #[test]
    fn without_bmr_events_the_profile_share_is_used_and_scaled_by_days() {
        let totals = TypeTotals::from_events([ev(EventType::Consumed, 14_000.0)]);
        let inputs = BalanceInputs {
            daily_target_kcal: Some(2000.0),
            profile_bmr_kcal_per_day: Some(1780.0),
        };
        // a week: BMR 1780 × 7 = 12460; target 2000 × 7 = 14000
        let b = totals.balance(7.0, &inputs);
        assert_eq!(b.bmr_source, BmrSource::Profile);
        assert_eq!(b.burned_bmr_kcal, 12_460.0);
        assert_eq!(b.net_kcal, 1_540.0);
        assert_eq!(b.variance_kcal, Some(0.0));
    }

    #[test]
    fn without_bmr_events_or_profile_the_bmr_is_reported_missing() {
        let totals = TypeTotals::from_events([ev(EventType::BurnedExercise, 200.0)]);
        let b = totals.balance(1.0, &BalanceInputs::default());
        assert_eq!(b.bmr_source, BmrSource::Missing);
        assert_eq!(b.net_kcal, -200.0);
    }

    #[test]
    fn compensated_sums_do_not_drift_over_a_million_small_amounts() {
        let mut acc = Accumulator::default();
        for _ in 0..1_000_000 {
            acc.add(EventType::Consumed, 0.01);
        }
        // 1e6 × 0.01 = 10000.00; naive summation drifts by about 1e-6 here
        assert!((acc.total_kcal() - 10_000.0).abs() < 1e-9);
        assert_eq!(acc.count(), 1_000_000);
    }
}
