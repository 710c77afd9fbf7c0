//! Calorie and weight events: what was logged, when, and from where.

use jiff::Timestamp;

use crate::{Calories, Error, Weight};

string_enum! {
    /// What an event records.
    ///
    /// Three types carry energy in kcal; `weight` carries a body weight in kg and is never
    /// added to calorie figures.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::EventType;
    ///
    /// assert_eq!("burned_bmr".parse::<EventType>()?, EventType::BurnedBmr);
    /// assert!(EventType::Consumed.is_calories());
    /// assert!(!EventType::Weight.is_calories());
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub enum EventType (
        field = "event_type",
        allowed = "one of consumed, burned_exercise, burned_bmr, weight"
    ) {
        /// `consumed`: energy eaten or drunk, kcal.
        Consumed => "consumed",
        /// `burned_exercise`: energy spent on exercise, kcal.
        BurnedExercise => "burned_exercise",
        /// `burned_bmr`: basal energy spent, kcal (e.g. reported by a tracker).
        BurnedBmr => "burned_bmr",
        /// `weight`: a body-weight reading, kg. Never summed as calories.
        Weight => "weight",
    }
}

impl EventType {
    /// Whether the event's amount is energy in kcal (every type but `weight`).
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::EventType;
    ///
    /// let calorie_types: Vec<_> = EventType::ALL.iter().filter(|t| t.is_calories()).collect();
    /// assert_eq!(calorie_types.len(), 3);
    /// ```
    pub const fn is_calories(self) -> bool {
        !matches!(self, EventType::Weight)
    }
}

string_enum! {
    /// Where an event came from.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::EventSource;
    ///
    /// assert_eq!("google_fit".parse::<EventSource>()?, EventSource::GoogleFit);
    /// assert_eq!(EventSource::Healthkit.to_string(), "healthkit");
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub enum EventSource (
        field = "source",
        allowed = "one of manual, fitness_tracker, smart_scale, nutrition_scan, healthkit, google_fit"
    ) {
        /// `manual`: typed in by the user.
        Manual => "manual",
        /// `fitness_tracker`: a wearable.
        FitnessTracker => "fitness_tracker",
        /// `smart_scale`: a connected scale.
        SmartScale => "smart_scale",
        /// `nutrition_scan`: a scanned label or meal.
        NutritionScan => "nutrition_scan",
        /// `healthkit`: Apple HealthKit.
        Healthkit => "healthkit",
        /// `google_fit`: Google Fit.
        GoogleFit => "google_fit",
    }
}

/// One logged event: a UTC instant, a type and an amount (kcal, or kg for `weight`).
///
/// This is the input of [`crate::Bucketing`] and [`crate::TypeTotals`]. It is small
/// (32 bytes) and `Copy`. Its serde form matches a database row:
/// `{"occurred_at": "2025-03-09T06:30:00Z", "event_type": "consumed", "calories_amount": 420}`
/// (for `weight` rows `calories_amount` holds kilograms); deserialising validates it.
///
/// # Example
///
/// ```
/// use calorie_core::{Event, EventType};
/// use jiff::Timestamp;
///
/// let at: Timestamp = "2025-03-09T06:30:00Z".parse()?;
/// let lunch = Event::new(at, EventType::Consumed, 650.0)?;
/// assert_eq!(lunch.kcal(), Some(650.0));
///
/// let weigh_in = Event::new(at, EventType::Weight, 81.2)?;
/// assert_eq!(weigh_in.kcal(), None); // kg, never calories
/// assert_eq!(weigh_in.weight_kg(), Some(81.2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    at: Timestamp,
    amount: f64,
    kind: EventType,
}

impl Event {
    /// Validates an event from its raw parts.
    ///
    /// # Errors
    ///
    /// - For `consumed`, `burned_exercise` and `burned_bmr`: [`Error::OutOfRange`] with field
    ///   `calories_amount` unless `0 <= amount <= 20000` (kcal).
    /// - For `weight`: [`Error::OutOfRange`] with field `calories_amount` unless
    ///   `20 <= amount <= 650` (kg).
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{Event, EventType};
    /// use jiff::Timestamp;
    ///
    /// let at = Timestamp::from_second(1_741_501_800)?;
    /// assert!(Event::new(at, EventType::BurnedExercise, 320.0).is_ok());
    /// assert_eq!(
    ///     Event::new(at, EventType::Consumed, -1.0).unwrap_err().field(),
    ///     "calories_amount",
    /// );
    /// assert!(Event::new(at, EventType::Weight, 5.0).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(at: Timestamp, kind: EventType, amount: f64) -> Result<Event, Error> {
        match kind {
            EventType::Weight => match Weight::from_kg(amount) {
                Ok(w) => Ok(Event::weight(at, w)),
                Err(_) => Err(Error::out_of_range(
                    "calories_amount",
                    "in [20, 650] kg for a weight event",
                    amount,
                )),
            },
            _ => Calories::from_kcal(amount).map(|kcal| Event {
                at,
                amount: kcal.kcal(),
                kind,
            }),
        }
    }

    /// A `consumed` event.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{Calories, Event, EventType};
    /// use jiff::Timestamp;
    ///
    /// let e = Event::consumed(Timestamp::UNIX_EPOCH, Calories::from_kcal(250.0)?);
    /// assert_eq!(e.kind(), EventType::Consumed);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn consumed(at: Timestamp, kcal: Calories) -> Event {
        Event {
            at,
            amount: kcal.kcal(),
            kind: EventType::Consumed,
        }
    }

    /// A `burned_exercise` event.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{Calories, Event, EventType};
    /// use jiff::Timestamp;
    ///
    /// let e = Event::burned_exercise(Timestamp::UNIX_EPOCH, Calories::from_kcal(300.0)?);
    /// assert_eq!(e.kind(), EventType::BurnedExercise);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn burned_exercise(at: Timestamp, kcal: Calories) -> Event {
        Event {
            at,
            amount: kcal.kcal(),
            kind: EventType::BurnedExercise,
        }
    }

    /// A `burned_bmr` event.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{Calories, Event, EventType};
    /// use jiff::Timestamp;
    ///
    /// let e = Event::burned_bmr(Timestamp::UNIX_EPOCH, Calories::from_kcal(70.0)?);
    /// assert_eq!(e.kind(), EventType::BurnedBmr);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn burned_bmr(at: Timestamp, kcal: Calories) -> Event {
        Event {
            at,
            amount: kcal.kcal(),
            kind: EventType::BurnedBmr,
        }
    }

    /// A `weight` event (a body-weight reading).
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{Event, Weight};
    /// use jiff::Timestamp;
    ///
    /// let e = Event::weight(Timestamp::UNIX_EPOCH, Weight::from_kg(80.4)?);
    /// assert_eq!(e.weight_kg(), Some(80.4));
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn weight(at: Timestamp, weight: Weight) -> Event {
        Event {
            at,
            amount: weight.kg(),
            kind: EventType::Weight,
        }
    }

    /// When the event happened (a UTC instant).
    ///
    /// # Example
    ///
    /// ```
    /// # use calorie_core::{Calories, Event};
    /// # use jiff::Timestamp;
    /// let e = Event::consumed(Timestamp::UNIX_EPOCH, Calories::from_kcal(1.0)?);
    /// assert_eq!(e.at(), Timestamp::UNIX_EPOCH);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn at(&self) -> Timestamp {
        self.at
    }

    /// The event's type.
    ///
    /// # Example
    ///
    /// ```
    /// # use calorie_core::{Calories, Event, EventType};
    /// # use jiff::Timestamp;
    /// let e = Event::burned_bmr(Timestamp::UNIX_EPOCH, Calories::from_kcal(1.0)?);
    /// assert_eq!(e.kind(), EventType::BurnedBmr);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn kind(&self) -> EventType {
        self.kind
    }

    /// The raw amount: kcal for calorie events, kg for `weight` events.
    ///
    /// # Example
    ///
    /// ```
    /// # use calorie_core::{Event, Weight};
    /// # use jiff::Timestamp;
    /// let e = Event::weight(Timestamp::UNIX_EPOCH, Weight::from_kg(70.0)?);
    /// assert_eq!(e.amount(), 70.0);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn amount(&self) -> f64 {
        self.amount
    }

    /// The energy in kcal, or `None` for a `weight` event.
    ///
    /// # Example
    ///
    /// ```
    /// # use calorie_core::{Calories, Event};
    /// # use jiff::Timestamp;
    /// let e = Event::consumed(Timestamp::UNIX_EPOCH, Calories::from_kcal(99.5)?);
    /// assert_eq!(e.kcal(), Some(99.5));
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn kcal(&self) -> Option<f64> {
        self.kind.is_calories().then_some(self.amount)
    }

    /// The body weight in kg, or `None` for a calorie event.
    ///
    /// # Example
    ///
    /// ```
    /// # use calorie_core::{Calories, Event};
    /// # use jiff::Timestamp;
    /// let e = Event::consumed(Timestamp::UNIX_EPOCH, Calories::from_kcal(99.5)?);
    /// assert_eq!(e.weight_kg(), None);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn weight_kg(&self) -> Option<f64> {
        (!self.kind.is_calories()).then_some(self.amount)
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct EventRow {
    #[serde(with = "crate::text::timestamp")]
    occurred_at: Timestamp,
    event_type: EventType,
    calories_amount: f64,
}

impl serde::Serialize for Event {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        EventRow {
            occurred_at: self.at,
            event_type: self.kind,
            calories_amount: self.amount,
        }
        .serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for Event {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Event, D::Error> {
        let row = EventRow::deserialize(deserializer)?;
        Event::new(row.occurred_at, row.event_type, row.calories_amount)
            .map_err(<D::Error as serde::de::Error>::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn event_types_and_sources_use_the_sql_strings() {
        let types: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
        assert_eq!(
            types,
            ["consumed", "burned_exercise", "burned_bmr", "weight"]
        );
        let sources: Vec<&str> = EventSource::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            sources,
            [
                "manual",
                "fitness_tracker",
                "smart_scale",
                "nutrition_scan",
                "healthkit",
                "google_fit"
            ]
        );
        for s in EventSource::ALL {
            assert_eq!(s.as_str().parse::<EventSource>().unwrap(), *s);
        }
    }

    #[test]
    fn an_unknown_source_is_an_error_naming_the_source_field() {
        let err = "fitbit".parse::<EventSource>().unwrap_err();
        assert_eq!(err.field(), "source");
        assert!(err.to_string().starts_with("source must be one of manual,"));
    }

    #[test]
    fn a_weight_event_validates_its_amount_as_kilograms() {
        let at = Timestamp::UNIX_EPOCH;
        assert!(Event::new(at, EventType::Weight, 80.0).is_ok());
        let err = Event::new(at, EventType::Weight, 2000.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "calories_amount must be in [20, 650] kg for a weight event, got 2000"
        );
    }

    #[test]
    fn an_event_deserialises_from_a_database_row_and_validates() {
        let json = r#"{"occurred_at":"2025-03-09T06:30:00Z","event_type":"consumed","calories_amount":420.5}"#;
        let e: Event = serde_json::from_str(json).unwrap();
        assert_eq!(e.at().as_second(), 1_741_501_800);
        assert_eq!(e.kcal(), Some(420.5));
        assert_eq!(serde_json::to_string(&e).unwrap(), json);
        let bad = r#"{"occurred_at":"2025-03-09T06:30:00Z","event_type":"consumed","calories_amount":-1}"#;
        assert!(serde_json::from_str::<Event>(bad).is_err());
    }

    #[test]
    fn an_event_is_small_enough_to_stream_by_value() {
        assert!(std::mem::size_of::<Event>() <= 32);
    }
}
