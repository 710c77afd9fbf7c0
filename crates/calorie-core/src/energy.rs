//! Energy expenditure: basal metabolic rate (BMR) by a named equation, and total daily
//! energy expenditure (TDEE) from an activity level.
//!
//! All results are kcal/day as unrounded `f64`; round only for display.

use crate::{ActivityLevel, Age, BodyFat, Error, Gender, Height, Weight};

/// The body measurements the BMR equations need.
///
/// Fields are public and already validated by their own types. `body_fat` is only used
/// by the lean-body-mass equations ([`BmrEquation::KatchMcArdle`], [`BmrEquation::Cunningham`]).
/// Serde names follow the SQL columns: `weight_kg`, `height_cm`, `age`, `gender`,
/// `body_fat_percentage`.
///
/// # Example
///
/// ```
/// use calorie_core::{Age, BodyFat, Gender, Height, Person, Weight};
///
/// let person = Person::new(Weight::from_kg(80.0)?, Height::from_cm(180.0)?, Age::from_years(30)?, Gender::Male)
///     .with_body_fat(BodyFat::from_percentage(15.0)?);
/// assert_eq!(person.lean_body_mass_kg(), Some(68.0));
/// # Ok::<(), calorie_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Person {
    /// Body weight.
    #[serde(rename = "weight_kg")]
    pub weight: Weight,
    /// Body height.
    #[serde(rename = "height_cm")]
    pub height: Height,
    /// Age in whole years.
    pub age: Age,
    /// Sex, for the sex-specific equations.
    pub gender: Gender,
    /// Body-fat measurement, if known.
    #[serde(
        rename = "body_fat_percentage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub body_fat: Option<BodyFat>,
}

impl Person {
    /// A person without a body-fat measurement.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{Age, Gender, Height, Person, Weight};
    ///
    /// let p = Person::new(Weight::from_kg(60.0)?, Height::from_cm(165.0)?, Age::from_years(25)?, Gender::Female);
    /// assert_eq!(p.body_fat, None);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn new(weight: Weight, height: Height, age: Age, gender: Gender) -> Person {
        Person {
            weight,
            height,
            age,
            gender,
            body_fat: None,
        }
    }

    /// The same person with a body-fat measurement.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{Age, BodyFat, Gender, Height, Person, Weight};
    ///
    /// let p = Person::new(Weight::from_kg(60.0)?, Height::from_cm(165.0)?, Age::from_years(25)?, Gender::Female)
    ///     .with_body_fat(BodyFat::from_fraction(0.28)?);
    /// assert_eq!(p.body_fat.map(|b| b.fraction()), Some(0.28));
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn with_body_fat(self, body_fat: BodyFat) -> Person {
        Person {
            body_fat: Some(body_fat),
            ..self
        }
    }

    /// Lean body mass in kg, `weight × (1 − body-fat fraction)`, if body fat is known.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{Age, BodyFat, Gender, Height, Person, Weight};
    ///
    /// let p = Person::new(Weight::from_kg(60.0)?, Height::from_cm(165.0)?, Age::from_years(25)?, Gender::Female);
    /// assert_eq!(p.lean_body_mass_kg(), None);
    /// let p = p.with_body_fat(BodyFat::from_percentage(25.0)?);
    /// assert_eq!(p.lean_body_mass_kg(), Some(45.0));
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn lean_body_mass_kg(&self) -> Option<f64> {
        self.body_fat
            .map(|bf| self.weight.kg() * (1.0 - bf.fraction()))
    }
}

string_enum! {
    /// A published BMR equation. The default is Mifflin–St Jeor.
    ///
    /// | value | male | female | source |
    /// |---|---|---|---|
    /// | `mifflin_st_jeor` | 10W + 6.25H − 5A + 5 | 10W + 6.25H − 5A − 161 | Mifflin et al., Am J Clin Nutr 51:241 (1990) |
    /// | `harris_benedict_revised` | 88.362 + 13.397W + 4.799H − 5.677A | 447.593 + 9.247W + 3.098H − 4.330A | Roza & Shizgal, Am J Clin Nutr 40:168 (1984) |
    /// | `harris_benedict_original` | 66.473 + 13.7516W + 5.0033H − 6.755A | 655.0955 + 9.5634W + 1.8496H − 4.6756A | Harris & Benedict (1919) |
    /// | `katch_mcardle` | 370 + 21.6·LBM | same | LBM = W × (1 − body-fat fraction) |
    /// | `cunningham` | 500 + 22·LBM | same | Cunningham (1980) |
    ///
    /// W is weight in kg, H height in cm, A age in years. For [`Gender::Other`] the
    /// sex-specific equations return the mean of the male and female results (for
    /// Mifflin–St Jeor: `10W + 6.25H − 5A − 78`).
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::BmrEquation;
    ///
    /// assert_eq!(BmrEquation::default(), BmrEquation::MifflinStJeor);
    /// assert_eq!("katch_mcardle".parse::<BmrEquation>()?, BmrEquation::KatchMcArdle);
    /// assert!(BmrEquation::Cunningham.needs_body_fat());
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    #[derive(Default)]
    pub enum BmrEquation (
        field = "bmr_equation",
        allowed = "one of mifflin_st_jeor, harris_benedict_revised, harris_benedict_original, katch_mcardle, cunningham"
    ) {
        /// Mifflin–St Jeor (1990), the default.
        #[default]
        MifflinStJeor => "mifflin_st_jeor",
        /// Harris–Benedict as revised by Roza and Shizgal (1984).
        HarrisBenedictRevised => "harris_benedict_revised",
        /// The original Harris–Benedict equation (1919).
        HarrisBenedictOriginal => "harris_benedict_original",
        /// Katch–McArdle, from lean body mass; needs body fat.
        KatchMcArdle => "katch_mcardle",
        /// Cunningham (1980), from lean body mass; needs body fat.
        Cunningham => "cunningham",
    }
}

impl BmrEquation {
    /// Whether the equation needs a body-fat measurement (the lean-body-mass equations).
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::BmrEquation;
    ///
    /// assert!(!BmrEquation::MifflinStJeor.needs_body_fat());
    /// assert!(BmrEquation::KatchMcArdle.needs_body_fat());
    /// ```
    pub const fn needs_body_fat(self) -> bool {
        matches!(self, BmrEquation::KatchMcArdle | BmrEquation::Cunningham)
    }

    /// The person's BMR in kcal/day by this equation. Same as [`bmr`].
    ///
    /// # Errors
    ///
    /// [`Error::BodyFatRequired`] (field `body_fat_percentage`) when the equation
    /// [needs body fat](BmrEquation::needs_body_fat) and `person.body_fat` is `None`.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{Age, BmrEquation, Gender, Height, Person, Weight};
    ///
    /// // Male, 80 kg, 180 cm, 30 y: 88.362 + 13.397·80 + 4.799·180 − 5.677·30 = 1853.632
    /// let p = Person::new(Weight::from_kg(80.0)?, Height::from_cm(180.0)?, Age::from_years(30)?, Gender::Male);
    /// let bmr = BmrEquation::HarrisBenedictRevised.bmr(&p)?;
    /// assert_eq!(format!("{bmr:.2}"), "1853.63");
    /// assert!(BmrEquation::Cunningham.bmr(&p).is_err());
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn bmr(self, person: &Person) -> Result<f64, Error> {
        let w = person.weight.kg();
        let h = person.height.cm();
        let a = f64::from(person.age.years());
        let by_sex = |male: f64, female: f64| match person.gender {
            Gender::Male => male,
            Gender::Female => female,
            Gender::Other => (male + female) / 2.0,
        };
        let lbm = || {
            person.lean_body_mass_kg().ok_or(Error::BodyFatRequired {
                equation: self.as_str(),
            })
        };
        Ok(match self {
            BmrEquation::MifflinStJeor => {
                let common = 10.0 * w + 6.25 * h - 5.0 * a;
                by_sex(common + 5.0, common - 161.0)
            }
            BmrEquation::HarrisBenedictRevised => by_sex(
                88.362 + 13.397 * w + 4.799 * h - 5.677 * a,
                447.593 + 9.247 * w + 3.098 * h - 4.330 * a,
            ),
            BmrEquation::HarrisBenedictOriginal => by_sex(
                66.473 + 13.7516 * w + 5.0033 * h - 6.755 * a,
                655.0955 + 9.5634 * w + 1.8496 * h - 4.6756 * a,
            ),
            BmrEquation::KatchMcArdle => 370.0 + 21.6 * lbm()?,
            BmrEquation::Cunningham => 500.0 + 22.0 * lbm()?,
        })
    }
}

/// Basal metabolic rate in kcal/day by the chosen equation.
///
/// # Errors
///
/// [`Error::BodyFatRequired`] (field `body_fat_percentage`) for
/// [`BmrEquation::KatchMcArdle`] and [`BmrEquation::Cunningham`] when the person has no
/// body-fat measurement.
///
/// # Example
///
/// ```
/// use calorie_core::{bmr, Age, BmrEquation, Gender, Height, Person, Weight};
///
/// // wger's published check: male, 80 kg, 180 cm, 30 y → 10·80 + 6.25·180 − 5·30 + 5 = 1780
/// let person = Person::new(Weight::from_kg(80.0)?, Height::from_cm(180.0)?, Age::from_years(30)?, Gender::Male);
/// let kcal = bmr(&person, BmrEquation::MifflinStJeor)?;
/// assert_eq!(format!("{kcal:.2}"), "1780.00");
///
/// // Katch–McArdle needs body fat:
/// let err = bmr(&person, BmrEquation::KatchMcArdle).unwrap_err();
/// assert_eq!(err.field(), "body_fat_percentage");
/// # Ok::<(), calorie_core::Error>(())
/// ```
pub fn bmr(person: &Person, equation: BmrEquation) -> Result<f64, Error> {
    equation.bmr(person)
}

/// Total daily energy expenditure: `bmr × activity factor`, in kcal/day.
///
/// # Example
///
/// ```
/// use calorie_core::{tdee, ActivityLevel};
///
/// // The original service's acceptance payload: BMR 1698.75 × 1.55 = 2633.0625
/// let kcal = tdee(1698.75, ActivityLevel::ModeratelyActive);
/// assert_eq!(kcal, 2633.0625);
/// ```
pub fn tdee(bmr_kcal_per_day: f64, activity_level: ActivityLevel) -> f64 {
    bmr_kcal_per_day * activity_level.factor()
}

/// A person's energy expenditure with the fields of the seed's `metabolic_profiles` table,
/// and the equation and activity level that produced it.
///
/// `calories_burned_bmr` is the BMR (the basal share of a day's expenditure) and
/// `calories_burned_activities` is `tdee − bmr` (the activity share); all kcal/day.
///
/// # Example
///
/// ```
/// use calorie_core::{ActivityLevel, Age, BmrEquation, Gender, Height, MetabolicProfile, Person, Weight};
///
/// let person = Person::new(Weight::from_kg(75.0)?, Height::from_cm(175.0)?, Age::from_years(30)?, Gender::Male);
/// let profile = MetabolicProfile::compute(&person, ActivityLevel::ModeratelyActive, BmrEquation::MifflinStJeor)?;
/// assert_eq!(profile.bmr, 1698.75);
/// assert_eq!(profile.tdee, 2633.0625);
/// assert_eq!(profile.calories_burned_activities, 934.3125);
/// # Ok::<(), calorie_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct MetabolicProfile {
    /// The equation that produced `bmr`.
    pub equation: BmrEquation,
    /// The activity level that produced `tdee`.
    pub activity_level: ActivityLevel,
    /// Basal metabolic rate, kcal/day.
    pub bmr: f64,
    /// Total daily energy expenditure, kcal/day.
    pub tdee: f64,
    /// The basal share of a day's expenditure (equal to `bmr`), kcal/day.
    pub calories_burned_bmr: f64,
    /// The activity share of a day's expenditure, `tdee − bmr`, kcal/day.
    pub calories_burned_activities: f64,
}

impl MetabolicProfile {
    /// Computes BMR with `equation` and TDEE with `activity_level`.
    ///
    /// # Errors
    ///
    /// [`Error::BodyFatRequired`] when `equation` needs body fat and the person has none.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{ActivityLevel, Age, BmrEquation, Gender, Height, MetabolicProfile, Person, Weight};
    ///
    /// let person = Person::new(Weight::from_kg(60.0)?, Height::from_cm(165.0)?, Age::from_years(25)?, Gender::Female);
    /// // 10·60 + 6.25·165 − 5·25 − 161 = 1345.25; × 1.2 = 1614.3
    /// let p = MetabolicProfile::compute(&person, ActivityLevel::Sedentary, BmrEquation::default())?;
    /// assert_eq!(format!("{:.2} {:.2}", p.bmr, p.tdee), "1345.25 1614.30");
    /// assert!(MetabolicProfile::compute(&person, ActivityLevel::Sedentary, BmrEquation::Cunningham).is_err());
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn compute(
        person: &Person,
        activity_level: ActivityLevel,
        equation: BmrEquation,
    ) -> Result<MetabolicProfile, Error> {
        let bmr = equation.bmr(person)?;
        let tdee = tdee(bmr, activity_level);
        Ok(MetabolicProfile {
            equation,
            activity_level,
            bmr,
            tdee,
            calories_burned_bmr: bmr,
            calories_burned_activities: tdee - bmr,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn person(kg: f64, cm: f64, years: u32, gender: Gender) -> Person {
        Person::new(
            Weight::from_kg(kg).unwrap(),
            Height::from_cm(cm).unwrap(),
            Age::from_years(years).unwrap(),
            gender,
        )
    }

    fn with_fat(p: Person, percentage: f64) -> Person {
        p.with_body_fat(BodyFat::from_percentage(percentage).unwrap())
    }

    /// Two-decimal agreement with a hand-computed value.
    #[track_caller]
    fn assert_kcal(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() < 0.005,
            "got {actual:.4}, hand-computed {expected:.4}"
        );
    }

    #[test]
    fn mifflin_st_jeor_matches_hand_computed_values_for_every_sex_and_several_bodies() {
        let eq = BmrEquation::MifflinStJeor;
        // 10·80 + 6.25·180 − 5·30 + 5 = 800 + 1125 − 150 + 5 = 1780 (wger's own test)
        assert_kcal(
            eq.bmr(&person(80.0, 180.0, 30, Gender::Male)).unwrap(),
            1780.00,
        );
        // 10·75 + 6.25·175 − 5·30 + 5 = 750 + 1093.75 − 150 + 5 = 1698.75 (original service)
        assert_kcal(
            eq.bmr(&person(75.0, 175.0, 30, Gender::Male)).unwrap(),
            1698.75,
        );
        // 10·120 + 6.25·190 − 5·45 + 5 = 1200 + 1187.5 − 225 + 5 = 2167.5
        assert_kcal(
            eq.bmr(&person(120.0, 190.0, 45, Gender::Male)).unwrap(),
            2167.50,
        );
        // 10·60 + 6.25·165 − 5·25 − 161 = 600 + 1031.25 − 125 − 161 = 1345.25
        assert_kcal(
            eq.bmr(&person(60.0, 165.0, 25, Gender::Female)).unwrap(),
            1345.25,
        );
        // 10·95 + 6.25·160 − 5·52 − 161 = 950 + 1000 − 260 − 161 = 1529
        assert_kcal(
            eq.bmr(&person(95.0, 160.0, 52, Gender::Female)).unwrap(),
            1529.00,
        );
        // other: 10·70 + 6.25·170 − 5·40 − 78 = 700 + 1062.5 − 200 − 78 = 1484.5
        assert_kcal(
            eq.bmr(&person(70.0, 170.0, 40, Gender::Other)).unwrap(),
            1484.50,
        );
    }

    #[test]
    fn harris_benedict_revised_matches_hand_computed_values_for_every_sex() {
        let eq = BmrEquation::HarrisBenedictRevised;
        // 88.362 + 13.397·80 + 4.799·180 − 5.677·30 = 88.362 + 1071.76 + 863.82 − 170.31 = 1853.632
        assert_kcal(
            eq.bmr(&person(80.0, 180.0, 30, Gender::Male)).unwrap(),
            1853.632,
        );
        // 88.362 + 13.397·120 + 4.799·190 − 5.677·45 = 88.362 + 1607.64 + 911.81 − 255.465 = 2352.347
        assert_kcal(
            eq.bmr(&person(120.0, 190.0, 45, Gender::Male)).unwrap(),
            2352.347,
        );
        // 447.593 + 9.247·60 + 3.098·165 − 4.330·25 = 447.593 + 554.82 + 511.17 − 108.25 = 1405.333
        assert_kcal(
            eq.bmr(&person(60.0, 165.0, 25, Gender::Female)).unwrap(),
            1405.333,
        );
        // 447.593 + 9.247·95 + 3.098·160 − 4.330·52 = 447.593 + 878.465 + 495.68 − 225.16 = 1596.578
        assert_kcal(
            eq.bmr(&person(95.0, 160.0, 52, Gender::Female)).unwrap(),
            1596.578,
        );
        // other, 70 kg 170 cm 40 y: male 88.362 + 937.79 + 815.83 − 227.08 = 1614.902,
        // female 447.593 + 647.29 + 526.66 − 173.2 = 1448.343, mean 1531.6225
        assert_kcal(
            eq.bmr(&person(70.0, 170.0, 40, Gender::Other)).unwrap(),
            1531.6225,
        );
    }

    #[test]
    fn harris_benedict_original_matches_hand_computed_values_for_every_sex() {
        let eq = BmrEquation::HarrisBenedictOriginal;
        // 66.473 + 13.7516·80 + 5.0033·180 − 6.755·30 = 66.473 + 1100.128 + 900.594 − 202.65 = 1864.545
        assert_kcal(
            eq.bmr(&person(80.0, 180.0, 30, Gender::Male)).unwrap(),
            1864.545,
        );
        // 66.473 + 13.7516·75 + 5.0033·175 − 6.755·30 = 66.473 + 1031.37 + 875.5775 − 202.65 = 1770.7705
        assert_kcal(
            eq.bmr(&person(75.0, 175.0, 30, Gender::Male)).unwrap(),
            1770.7705,
        );
        // 655.0955 + 9.5634·60 + 1.8496·165 − 4.6756·25 = 655.0955 + 573.804 + 305.184 − 116.89 = 1417.1935
        assert_kcal(
            eq.bmr(&person(60.0, 165.0, 25, Gender::Female)).unwrap(),
            1417.1935,
        );
        // 655.0955 + 9.5634·95 + 1.8496·160 − 4.6756·52 = 655.0955 + 908.523 + 295.936 − 243.1312 = 1616.4233
        assert_kcal(
            eq.bmr(&person(95.0, 160.0, 52, Gender::Female)).unwrap(),
            1616.4233,
        );
        // other, 70 kg 170 cm 40 y: male 66.473 + 962.612 + 850.561 − 270.2 = 1609.446,
        // female 655.0955 + 669.438 + 314.432 − 187.024 = 1451.9415, mean 1530.69375
        assert_kcal(
            eq.bmr(&person(70.0, 170.0, 40, Gender::Other)).unwrap(),
            1530.69375,
        );
    }

    #[test]
    fn katch_mcardle_uses_lean_body_mass_and_ignores_sex() {
        let eq = BmrEquation::KatchMcArdle;
        // LBM 80 × 0.85 = 68; 370 + 21.6·68 = 370 + 1468.8 = 1838.8
        assert_kcal(
            eq.bmr(&with_fat(person(80.0, 180.0, 30, Gender::Male), 15.0))
                .unwrap(),
            1838.8,
        );
        // LBM 60 × 0.72 = 43.2; 370 + 21.6·43.2 = 370 + 933.12 = 1303.12
        assert_kcal(
            eq.bmr(&with_fat(person(60.0, 165.0, 25, Gender::Female), 28.0))
                .unwrap(),
            1303.12,
        );
        // LBM 70 × 0.78 = 54.6; 370 + 21.6·54.6 = 370 + 1179.36 = 1549.36
        assert_kcal(
            eq.bmr(&with_fat(person(70.0, 170.0, 40, Gender::Other), 22.0))
                .unwrap(),
            1549.36,
        );
    }

    #[test]
    fn cunningham_uses_lean_body_mass_and_ignores_sex() {
        let eq = BmrEquation::Cunningham;
        // 500 + 22·68 = 500 + 1496 = 1996
        assert_kcal(
            eq.bmr(&with_fat(person(80.0, 180.0, 30, Gender::Male), 15.0))
                .unwrap(),
            1996.0,
        );
        // 500 + 22·43.2 = 500 + 950.4 = 1450.4
        assert_kcal(
            eq.bmr(&with_fat(person(60.0, 165.0, 25, Gender::Female), 28.0))
                .unwrap(),
            1450.4,
        );
        // 500 + 22·54.6 = 500 + 1201.2 = 1701.2
        assert_kcal(
            eq.bmr(&with_fat(person(70.0, 170.0, 40, Gender::Other), 22.0))
                .unwrap(),
            1701.2,
        );
    }

    #[test]
    fn lean_body_mass_equations_without_body_fat_are_a_clear_error() {
        let p = person(80.0, 180.0, 30, Gender::Male);
        for eq in [BmrEquation::KatchMcArdle, BmrEquation::Cunningham] {
            let err = eq.bmr(&p).unwrap_err();
            assert_eq!(
                err,
                Error::BodyFatRequired {
                    equation: eq.as_str()
                }
            );
            assert_eq!(err.field(), "body_fat_percentage");
        }
    }

    #[test]
    fn other_is_the_mean_of_male_and_female_for_every_sex_specific_equation() {
        for eq in [
            BmrEquation::MifflinStJeor,
            BmrEquation::HarrisBenedictRevised,
            BmrEquation::HarrisBenedictOriginal,
        ] {
            let m = eq.bmr(&person(70.0, 170.0, 40, Gender::Male)).unwrap();
            let f = eq.bmr(&person(70.0, 170.0, 40, Gender::Female)).unwrap();
            let o = eq.bmr(&person(70.0, 170.0, 40, Gender::Other)).unwrap();
            assert_kcal(o, (m + f) / 2.0);
        }
    }

    #[test]
    fn tdee_for_every_activity_level_matches_hand_computed_values() {
        // BMR 1698.75 (male 75 kg 175 cm 30 y, Mifflin)
        let expected = [
            (ActivityLevel::Sedentary, 2038.5),           // × 1.2
            (ActivityLevel::LightlyActive, 2335.78125),   // × 1.375
            (ActivityLevel::ModeratelyActive, 2633.0625), // × 1.55
            (ActivityLevel::VeryActive, 2930.34375),      // × 1.725
            (ActivityLevel::ExtraActive, 3227.625),       // × 1.9
        ];
        for (level, kcal) in expected {
            assert_kcal(tdee(1698.75, level), kcal);
        }
    }

    #[test]
    fn a_metabolic_profile_splits_tdee_into_basal_and_activity_shares() {
        let p = person(80.0, 180.0, 30, Gender::Male);
        let profile =
            MetabolicProfile::compute(&p, ActivityLevel::VeryActive, BmrEquation::MifflinStJeor)
                .unwrap();
        // 1780 × 1.725 = 3070.5; activity share 3070.5 − 1780 = 1290.5
        assert_kcal(profile.tdee, 3070.5);
        assert_kcal(profile.calories_burned_bmr, 1780.0);
        assert_kcal(profile.calories_burned_activities, 1290.5);
        assert_eq!(profile.equation, BmrEquation::MifflinStJeor);
    }

    #[test]
    fn every_equation_stays_positive_at_the_extremes_of_the_accepted_ranges() {
        let tiny_old = person(20.0, 100.0, 120, Gender::Female);
        let tiny_old = with_fat(tiny_old, 75.0);
        for eq in BmrEquation::ALL {
            for g in Gender::ALL {
                let p = Person {
                    gender: *g,
                    ..tiny_old
                };
                assert!(eq.bmr(&p).unwrap() > 0.0, "{eq} {g}");
            }
        }
    }

    #[test]
    fn a_person_round_trips_through_json_with_sql_column_names() {
        let p = with_fat(person(80.0, 180.0, 30, Gender::Male), 15.0);
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(
            json,
            r#"{"weight_kg":80.0,"height_cm":180.0,"age":30,"gender":"male","body_fat_percentage":15.0}"#
        );
        assert_eq!(serde_json::from_str::<Person>(&json).unwrap(), p);
    }
}
