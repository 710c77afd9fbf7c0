//! Validated measurements of a person and of energy, and the person's categories.
//!
//! Each newtype has a fallible constructor that rejects values outside a plausible human
//! range (and `NaN`/infinities) with an [`Error`] naming the field. The ranges are chosen so
//! that every BMR equation in [`crate::energy`] stays positive for every accepted input.

use crate::Error;

/// Body weight in kilograms, in `[20, 650]`.
///
/// # Example
///
/// ```
/// use calorie_core::Weight;
///
/// let w = Weight::from_kg(80.0)?;
/// assert_eq!(w.kg(), 80.0);
/// # Ok::<(), calorie_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Weight(f64);

impl Weight {
    /// The lightest accepted weight, in kg.
    pub const MIN_KG: f64 = 20.0;
    /// The heaviest accepted weight, in kg.
    pub const MAX_KG: f64 = 650.0;

    /// Validates a weight in kilograms.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] with field `weight_kg` unless `20 <= kg <= 650`.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::Weight;
    ///
    /// assert!(Weight::from_kg(72.5).is_ok());
    /// assert_eq!(
    ///     Weight::from_kg(-3.0).unwrap_err().to_string(),
    ///     "weight_kg must be in [20, 650] kg, got -3",
    /// );
    /// assert!(Weight::from_kg(f64::NAN).is_err());
    /// ```
    pub fn from_kg(kg: f64) -> Result<Weight, Error> {
        Self::validated("weight_kg", kg)
    }

    /// Validates the target weight of a goal: same range as [`Weight::from_kg`], but errors
    /// name the field `target_weight_kg`.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] with field `target_weight_kg` unless `20 <= kg <= 650`.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::Weight;
    ///
    /// let err = Weight::target_from_kg(5.0).unwrap_err();
    /// assert_eq!(err.field(), "target_weight_kg");
    /// ```
    pub fn target_from_kg(kg: f64) -> Result<Weight, Error> {
        Self::validated("target_weight_kg", kg)
    }

    fn validated(field: &'static str, kg: f64) -> Result<Weight, Error> {
        if (Self::MIN_KG..=Self::MAX_KG).contains(&kg) {
            Ok(Weight(kg))
        } else {
            Err(Error::out_of_range(field, "in [20, 650] kg", kg))
        }
    }

    /// The weight in kilograms.
    ///
    /// # Example
    ///
    /// ```
    /// # use calorie_core::Weight;
    /// assert_eq!(Weight::from_kg(64.2)?.kg(), 64.2);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn kg(self) -> f64 {
        self.0
    }
}

f64_newtype_serde!(Weight, Weight::from_kg, kg);

/// Body height in centimetres, in `[100, 275]`.
///
/// # Example
///
/// ```
/// use calorie_core::Height;
///
/// assert_eq!(Height::from_cm(180.0)?.cm(), 180.0);
/// # Ok::<(), calorie_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Height(f64);

impl Height {
    /// The shortest accepted height, in cm.
    pub const MIN_CM: f64 = 100.0;
    /// The tallest accepted height, in cm.
    pub const MAX_CM: f64 = 275.0;

    /// Validates a height in centimetres.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] with field `height_cm` unless `100 <= cm <= 275`.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::Height;
    ///
    /// assert!(Height::from_cm(165.0).is_ok());
    /// assert_eq!(
    ///     Height::from_cm(1.8).unwrap_err().to_string(),
    ///     "height_cm must be in [100, 275] cm, got 1.8",
    /// );
    /// ```
    pub fn from_cm(cm: f64) -> Result<Height, Error> {
        if (Self::MIN_CM..=Self::MAX_CM).contains(&cm) {
            Ok(Height(cm))
        } else {
            Err(Error::out_of_range("height_cm", "in [100, 275] cm", cm))
        }
    }

    /// The height in centimetres.
    ///
    /// # Example
    ///
    /// ```
    /// # use calorie_core::Height;
    /// assert_eq!(Height::from_cm(172.5)?.cm(), 172.5);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn cm(self) -> f64 {
        self.0
    }
}

f64_newtype_serde!(Height, Height::from_cm, cm);

/// Age in whole years, in `[13, 120]`.
///
/// The BMR equations were fitted on adults; for teenagers they are a rough guide only.
///
/// # Example
///
/// ```
/// use calorie_core::Age;
///
/// assert_eq!(Age::from_years(30)?.years(), 30);
/// # Ok::<(), calorie_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Age(u32);

impl Age {
    /// The youngest accepted age, in years.
    pub const MIN_YEARS: u32 = 13;
    /// The oldest accepted age, in years.
    pub const MAX_YEARS: u32 = 120;

    /// Validates an age in whole years.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] with field `age` unless `13 <= years <= 120`.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::Age;
    ///
    /// assert!(Age::from_years(45).is_ok());
    /// assert_eq!(
    ///     Age::from_years(7).unwrap_err().to_string(),
    ///     "age must be in [13, 120] years, got 7",
    /// );
    /// ```
    pub fn from_years(years: u32) -> Result<Age, Error> {
        if (Self::MIN_YEARS..=Self::MAX_YEARS).contains(&years) {
            Ok(Age(years))
        } else {
            Err(Error::out_of_range(
                "age",
                "in [13, 120] years",
                f64::from(years),
            ))
        }
    }

    /// The age in years.
    ///
    /// # Example
    ///
    /// ```
    /// # use calorie_core::Age;
    /// assert_eq!(Age::from_years(61)?.years(), 61);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn years(self) -> u32 {
        self.0
    }
}

impl serde::Serialize for Age {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Age {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Age, D::Error> {
        let years = <u32 as serde::Deserialize>::deserialize(deserializer)?;
        Age::from_years(years).map_err(<D::Error as serde::de::Error>::custom)
    }
}

/// Body fat as a fraction of body weight, in `[0.02, 0.75]` (2 % to 75 %).
///
/// Used by the lean-body-mass equations (Katch–McArdle, Cunningham). Serialised as a
/// percentage (`18.5`), matching the `body_fat_percentage` column.
///
/// # Example
///
/// ```
/// use calorie_core::BodyFat;
///
/// let bf = BodyFat::from_percentage(20.0)?;
/// assert_eq!(bf.fraction(), 0.2);
/// assert_eq!(BodyFat::from_fraction(0.2)?, bf);
/// # Ok::<(), calorie_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct BodyFat(f64);

impl BodyFat {
    /// The lowest accepted fraction (essential fat).
    pub const MIN_FRACTION: f64 = 0.02;
    /// The highest accepted fraction.
    pub const MAX_FRACTION: f64 = 0.75;

    /// Validates a body-fat fraction such as `0.18`.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] with field `body_fat_fraction` unless `0.02 <= fraction <= 0.75`.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::BodyFat;
    ///
    /// assert!(BodyFat::from_fraction(0.18).is_ok());
    /// assert_eq!(BodyFat::from_fraction(18.0).unwrap_err().field(), "body_fat_fraction");
    /// ```
    pub fn from_fraction(fraction: f64) -> Result<BodyFat, Error> {
        if (Self::MIN_FRACTION..=Self::MAX_FRACTION).contains(&fraction) {
            Ok(BodyFat(fraction))
        } else {
            Err(Error::out_of_range(
                "body_fat_fraction",
                "in [0.02, 0.75]",
                fraction,
            ))
        }
    }

    /// Validates a body-fat percentage such as `18.0`.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] with field `body_fat_percentage` unless `2 <= percentage <= 75`.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::BodyFat;
    ///
    /// assert_eq!(BodyFat::from_percentage(25.0)?.fraction(), 0.25);
    /// assert_eq!(
    ///     BodyFat::from_percentage(0.25).unwrap_err().to_string(),
    ///     "body_fat_percentage must be in [2, 75] %, got 0.25",
    /// );
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn from_percentage(percentage: f64) -> Result<BodyFat, Error> {
        if (2.0..=75.0).contains(&percentage) {
            Ok(BodyFat(percentage / 100.0))
        } else {
            Err(Error::out_of_range(
                "body_fat_percentage",
                "in [2, 75] %",
                percentage,
            ))
        }
    }

    /// The body-fat fraction, e.g. `0.2`.
    ///
    /// # Example
    ///
    /// ```
    /// # use calorie_core::BodyFat;
    /// assert_eq!(BodyFat::from_fraction(0.31)?.fraction(), 0.31);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn fraction(self) -> f64 {
        self.0
    }

    /// The body-fat percentage, e.g. `20.0`.
    ///
    /// # Example
    ///
    /// ```
    /// # use calorie_core::BodyFat;
    /// assert_eq!(BodyFat::from_fraction(0.25)?.percentage(), 25.0);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn percentage(self) -> f64 {
        self.0 * 100.0
    }
}

f64_newtype_serde!(BodyFat, BodyFat::from_percentage, percentage);

/// The energy of one calorie event, in kcal, in `[0, 20000]`.
///
/// # Example
///
/// ```
/// use calorie_core::Calories;
///
/// assert_eq!(Calories::from_kcal(650.0)?.kcal(), 650.0);
/// # Ok::<(), calorie_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Calories(f64);

impl Calories {
    /// The largest accepted amount for one event, in kcal.
    pub const MAX_KCAL: f64 = 20_000.0;

    /// Validates an event's energy in kcal.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] with field `calories_amount` unless `0 <= kcal <= 20000`.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::Calories;
    ///
    /// assert!(Calories::from_kcal(0.0).is_ok());
    /// assert_eq!(
    ///     Calories::from_kcal(-5.0).unwrap_err().to_string(),
    ///     "calories_amount must be in [0, 20000] kcal, got -5",
    /// );
    /// ```
    pub fn from_kcal(kcal: f64) -> Result<Calories, Error> {
        if (0.0..=Self::MAX_KCAL).contains(&kcal) {
            Ok(Calories(kcal))
        } else {
            Err(Error::out_of_range(
                "calories_amount",
                "in [0, 20000] kcal",
                kcal,
            ))
        }
    }

    /// The energy in kcal.
    ///
    /// # Example
    ///
    /// ```
    /// # use calorie_core::Calories;
    /// assert_eq!(Calories::from_kcal(12.5)?.kcal(), 12.5);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn kcal(self) -> f64 {
        self.0
    }
}

f64_newtype_serde!(Calories, Calories::from_kcal, kcal);

/// An explicit daily calorie target, in kcal/day, in `(0, 20000]`.
///
/// # Example
///
/// ```
/// use calorie_core::CalorieTarget;
///
/// assert_eq!(CalorieTarget::from_kcal_per_day(1800.0)?.kcal_per_day(), 1800.0);
/// # Ok::<(), calorie_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct CalorieTarget(f64);

impl CalorieTarget {
    /// Validates a daily calorie target in kcal/day.
    ///
    /// A target below the intake floor is accepted here; the goal planner raises it and
    /// says so (see [`crate::GuardRail::IntakeFloor`]).
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] with field `daily_calorie_target` unless `0 < kcal <= 20000`.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::CalorieTarget;
    ///
    /// assert!(CalorieTarget::from_kcal_per_day(900.0).is_ok());
    /// assert_eq!(
    ///     CalorieTarget::from_kcal_per_day(0.0).unwrap_err().field(),
    ///     "daily_calorie_target",
    /// );
    /// ```
    pub fn from_kcal_per_day(kcal: f64) -> Result<CalorieTarget, Error> {
        if kcal > 0.0 && kcal <= 20_000.0 {
            Ok(CalorieTarget(kcal))
        } else {
            Err(Error::out_of_range(
                "daily_calorie_target",
                "in (0, 20000] kcal/day",
                kcal,
            ))
        }
    }

    /// The target in kcal/day.
    ///
    /// # Example
    ///
    /// ```
    /// # use calorie_core::CalorieTarget;
    /// assert_eq!(CalorieTarget::from_kcal_per_day(2100.0)?.kcal_per_day(), 2100.0);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn kcal_per_day(self) -> f64 {
        self.0
    }
}

f64_newtype_serde!(
    CalorieTarget,
    CalorieTarget::from_kcal_per_day,
    kcal_per_day
);

string_enum! {
    /// Sex as recorded in the profile; selects the sex-specific constants of the BMR
    /// equations.
    ///
    /// `Other` uses the mean of the male and female results (for Mifflin–St Jeor, the
    /// constant −78), as the original service did; callers who know better can pick an
    /// equation whose result suits them, or pass `Male`/`Female` explicitly.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::Gender;
    ///
    /// assert_eq!("female".parse::<Gender>()?, Gender::Female);
    /// assert_eq!(Gender::Other.as_str(), "other");
    /// assert!("Female".parse::<Gender>().is_err()); // exact lowercase only
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub enum Gender (field = "gender", allowed = "one of male, female, other") {
        /// `male`
        Male => "male",
        /// `female`
        Female => "female",
        /// `other`: mean of the male and female constants.
        Other => "other",
    }
}

string_enum! {
    /// How active a person is; multiplies BMR into TDEE.
    ///
    /// The factors are stored exactly (1.2, 1.375, 1.55, 1.725, 1.9), never rounded to two
    /// decimals.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::ActivityLevel;
    ///
    /// let level: ActivityLevel = "lightly_active".parse()?;
    /// assert_eq!(level.factor(), 1.375);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub enum ActivityLevel (
        field = "activity_level",
        allowed = "one of sedentary, lightly_active, moderately_active, very_active, extra_active"
    ) {
        /// `sedentary`: little or no exercise, factor 1.2.
        Sedentary => "sedentary",
        /// `lightly_active`: light exercise 1–3 days a week, factor 1.375.
        LightlyActive => "lightly_active",
        /// `moderately_active`: moderate exercise 3–5 days a week, factor 1.55.
        ModeratelyActive => "moderately_active",
        /// `very_active`: hard exercise 6–7 days a week, factor 1.725.
        VeryActive => "very_active",
        /// `extra_active`: very hard exercise or a physical job, factor 1.9.
        ExtraActive => "extra_active",
    }
}

impl ActivityLevel {
    /// The multiplier from BMR to TDEE.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::ActivityLevel;
    ///
    /// assert_eq!(ActivityLevel::Sedentary.factor(), 1.2);
    /// assert_eq!(ActivityLevel::VeryActive.factor(), 1.725);
    /// ```
    pub const fn factor(self) -> f64 {
        match self {
            ActivityLevel::Sedentary => 1.2,
            ActivityLevel::LightlyActive => 1.375,
            ActivityLevel::ModeratelyActive => 1.55,
            ActivityLevel::VeryActive => 1.725,
            ActivityLevel::ExtraActive => 1.9,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn weights_at_both_ends_of_the_range_are_accepted() {
        assert_eq!(Weight::from_kg(20.0).unwrap().kg(), 20.0);
        assert_eq!(Weight::from_kg(650.0).unwrap().kg(), 650.0);
    }

    #[test]
    fn a_weight_just_outside_the_range_is_rejected_with_its_field() {
        for kg in [19.99, 650.01, 0.0, -3.0, f64::NAN, f64::INFINITY] {
            let err = Weight::from_kg(kg).unwrap_err();
            assert_eq!(err.field(), "weight_kg", "{kg}");
        }
    }

    #[test]
    fn heights_ages_and_body_fat_reject_values_outside_their_ranges() {
        assert_eq!(Height::from_cm(99.9).unwrap_err().field(), "height_cm");
        assert_eq!(Height::from_cm(275.1).unwrap_err().field(), "height_cm");
        assert_eq!(Age::from_years(12).unwrap_err().field(), "age");
        assert_eq!(Age::from_years(121).unwrap_err().field(), "age");
        assert!(Age::from_years(13).is_ok() && Age::from_years(120).is_ok());
        assert!(BodyFat::from_fraction(0.019).is_err());
        assert!(BodyFat::from_fraction(0.751).is_err());
        assert!(BodyFat::from_percentage(1.0).is_err());
    }

    #[test]
    fn calories_reject_negative_and_non_finite_amounts() {
        assert!(Calories::from_kcal(-0.01).is_err());
        assert!(Calories::from_kcal(f64::NAN).is_err());
        assert!(Calories::from_kcal(20_000.01).is_err());
        assert!(CalorieTarget::from_kcal_per_day(f64::INFINITY).is_err());
    }

    #[test]
    fn activity_factors_are_the_exact_published_values() {
        let factors: Vec<f64> = ActivityLevel::ALL.iter().map(|a| a.factor()).collect();
        assert_eq!(factors, [1.2, 1.375, 1.55, 1.725, 1.9]);
    }

    #[test]
    fn enum_strings_round_trip_and_match_the_sql() {
        let genders: Vec<&str> = Gender::ALL.iter().map(|g| g.as_str()).collect();
        assert_eq!(genders, ["male", "female", "other"]);
        let levels: Vec<&str> = ActivityLevel::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(
            levels,
            [
                "sedentary",
                "lightly_active",
                "moderately_active",
                "very_active",
                "extra_active"
            ]
        );
        for a in ActivityLevel::ALL {
            assert_eq!(a.as_str().parse::<ActivityLevel>().unwrap(), *a);
        }
    }

    #[test]
    fn an_unknown_activity_level_lists_the_allowed_values() {
        let err = "couch_potato".parse::<ActivityLevel>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "activity_level must be one of sedentary, lightly_active, moderately_active, \
             very_active, extra_active, got \"couch_potato\""
        );
    }

    #[test]
    fn serde_uses_plain_numbers_and_validates_on_the_way_in() {
        let w: Weight = serde_json::from_str("81.5").unwrap();
        assert_eq!(w.kg(), 81.5);
        assert_eq!(serde_json::to_string(&w).unwrap(), "81.5");
        let err = serde_json::from_str::<Weight>("-3").unwrap_err();
        assert!(err
            .to_string()
            .contains("weight_kg must be in [20, 650] kg"));
        let bf: BodyFat = serde_json::from_str("22.5").unwrap();
        assert_eq!(bf.fraction(), 0.225);
        let age: Age = serde_json::from_str("30").unwrap();
        assert_eq!(age.years(), 30);
        assert!(serde_json::from_str::<Age>("300").is_err());
    }

    #[test]
    fn serde_uses_the_sql_strings_for_enums() {
        let level: ActivityLevel = serde_json::from_str("\"very_active\"").unwrap();
        assert_eq!(level, ActivityLevel::VeryActive);
        assert_eq!(serde_json::to_string(&Gender::Other).unwrap(), "\"other\"");
        let err = serde_json::from_str::<Gender>("\"robot\"").unwrap_err();
        assert!(err
            .to_string()
            .contains("gender must be one of male, female, other"));
    }
}
