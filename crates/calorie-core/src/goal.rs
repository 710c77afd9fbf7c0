//! Goals: a daily calorie target from a weekly rate, a target weight and date, or an
//! explicit number, with named guard rails that never apply silently.
//!
//! The energy of a kilogram of body-weight change is a named parameter,
//! [`EnergyDensity`], 7700 kcal/kg by default. That classic figure is a simplification: it
//! overstates long-run loss because expenditure adapts (Thomas et al., IJO 2013; Hall et
//! al., Lancet 2011), and the true figure rises with fat mass (≈5 550 kcal/kg at 10 kg of
//! fat, ≈7 870 at 40 kg).
//!
//! # Guard rails
//!
//! Applied in this order to every kind of goal, each only when set in [`GoalSettings`]:
//!
//! 1. [`GuardRail::MaxWeeklyLoss`]: the planned loss may not exceed a fraction of body weight
//!    per week (default 1 %).
//! 2. [`GuardRail::MaxWeeklyGain`]: the planned gain may not exceed a fraction of body weight
//!    per week (default 0.5 %, a common ceiling for lean gain).
//! 3. [`GuardRail::IntakeFloor`]: the target may not fall below a minimum intake (default
//!    1200 kcal/day female, 1500 male, and 1500 for `other`: the higher of the two, as a
//!    floor exists to prevent under-eating).
//!
//! Each rail that changes the target is listed in [`DailyTarget::adjustments`] with the
//! numbers and a human-readable reason.

use std::fmt;

use jiff::civil::Date;

use crate::{
    bucket::days_of, text::Decimal, CalorieTarget, Error, Gender, MetabolicProfile, Person, Weight,
};

string_enum! {
    /// What a goal aims for.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::GoalType;
    ///
    /// assert_eq!("weight_loss".parse::<GoalType>()?, GoalType::WeightLoss);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub enum GoalType (field = "goal_type", allowed = "one of weight_loss, weight_gain, maintenance") {
        /// `weight_loss`
        WeightLoss => "weight_loss",
        /// `weight_gain`
        WeightGain => "weight_gain",
        /// `maintenance`
        Maintenance => "maintenance",
    }
}

/// The energy of one kilogram of body-weight change, kcal/kg, in `[1000, 10000]`.
///
/// [`EnergyDensity::CLASSIC`] (7700 kcal/kg, 3500 kcal/lb) is the default and what the
/// original service used; it is a simplification (see the [module docs](crate::goal)).
///
/// # Example
///
/// ```
/// use calorie_core::EnergyDensity;
///
/// assert_eq!(EnergyDensity::default().kcal_per_kg(), 7700.0);
/// let lean = EnergyDensity::from_kcal_per_kg(5550.0)?;
/// assert_eq!(lean.kcal_per_kg(), 5550.0);
/// # Ok::<(), calorie_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct EnergyDensity(f64);

impl EnergyDensity {
    /// 7700 kcal/kg: the classic rule of thumb.
    pub const CLASSIC: EnergyDensity = EnergyDensity(7700.0);

    /// Validates an energy density.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] with field `energy_density_kcal_per_kg` unless
    /// `1000 <= kcal_per_kg <= 10000`.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::EnergyDensity;
    ///
    /// assert!(EnergyDensity::from_kcal_per_kg(7870.0).is_ok());
    /// assert_eq!(EnergyDensity::from_kcal_per_kg(0.0).unwrap_err().field(), "energy_density_kcal_per_kg");
    /// ```
    pub fn from_kcal_per_kg(kcal_per_kg: f64) -> Result<EnergyDensity, Error> {
        if (1000.0..=10_000.0).contains(&kcal_per_kg) {
            Ok(EnergyDensity(kcal_per_kg))
        } else {
            Err(Error::out_of_range(
                "energy_density_kcal_per_kg",
                "in [1000, 10000] kcal/kg",
                kcal_per_kg,
            ))
        }
    }

    /// kcal per kg of body-weight change.
    ///
    /// # Example
    ///
    /// ```
    /// # use calorie_core::EnergyDensity;
    /// assert_eq!(EnergyDensity::CLASSIC.kcal_per_kg(), 7700.0);
    /// ```
    pub fn kcal_per_kg(self) -> f64 {
        self.0
    }
}

impl Default for EnergyDensity {
    fn default() -> EnergyDensity {
        EnergyDensity::CLASSIC
    }
}

/// Minimum daily intake by sex, kcal/day.
///
/// # Example
///
/// ```
/// use calorie_core::{Gender, IntakeFloor};
///
/// let floor = IntakeFloor::default();
/// assert_eq!(floor.for_gender(Gender::Female), 1200.0);
/// assert_eq!(floor.for_gender(Gender::Male), 1500.0);
/// assert_eq!(floor.for_gender(Gender::Other), 1500.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IntakeFloor {
    /// Floor for `female`, kcal/day (default 1200).
    pub female: f64,
    /// Floor for `male`, kcal/day (default 1500).
    pub male: f64,
    /// Floor for `other`, kcal/day (default 1500, the higher of the two).
    pub other: f64,
}

impl IntakeFloor {
    /// The floor that applies to `gender`.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{Gender, IntakeFloor};
    ///
    /// let custom = IntakeFloor { female: 1300.0, ..IntakeFloor::default() };
    /// assert_eq!(custom.for_gender(Gender::Female), 1300.0);
    /// ```
    pub fn for_gender(&self, gender: Gender) -> f64 {
        match gender {
            Gender::Female => self.female,
            Gender::Male => self.male,
            Gender::Other => self.other,
        }
    }
}

impl Default for IntakeFloor {
    fn default() -> IntakeFloor {
        IntakeFloor {
            female: 1200.0,
            male: 1500.0,
            other: 1500.0,
        }
    }
}

/// Parameters of the goal planner: the energy density and the guard rails.
///
/// `None` switches a guard rail off. The defaults are documented in the
/// [module docs](crate::goal).
///
/// # Example
///
/// ```
/// use calorie_core::GoalSettings;
///
/// let defaults = GoalSettings::default();
/// assert_eq!(defaults.max_weekly_loss_fraction, Some(0.01));
/// assert_eq!(defaults.max_weekly_gain_fraction, Some(0.005));
/// let relaxed = GoalSettings { max_weekly_loss_fraction: Some(0.015), ..GoalSettings::default() };
/// let none = GoalSettings::without_guard_rails();
/// assert!(none.intake_floor.is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GoalSettings {
    /// kcal per kg of weight change (default 7700).
    pub energy_density: EnergyDensity,
    /// Largest planned loss per week as a fraction of body weight, in `(0, 0.05]`
    /// (default `Some(0.01)`, 1 %).
    pub max_weekly_loss_fraction: Option<f64>,
    /// Largest planned gain per week as a fraction of body weight, in `(0, 0.05]`
    /// (default `Some(0.005)`, 0.5 %).
    pub max_weekly_gain_fraction: Option<f64>,
    /// Minimum daily intake by sex (default 1200 / 1500 / 1500 kcal).
    pub intake_floor: Option<IntakeFloor>,
}

impl Default for GoalSettings {
    fn default() -> GoalSettings {
        GoalSettings {
            energy_density: EnergyDensity::CLASSIC,
            max_weekly_loss_fraction: Some(0.01),
            max_weekly_gain_fraction: Some(0.005),
            intake_floor: Some(IntakeFloor::default()),
        }
    }
}

impl GoalSettings {
    /// The classic energy density with every guard rail switched off.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::GoalSettings;
    ///
    /// assert_eq!(GoalSettings::without_guard_rails().max_weekly_loss_fraction, None);
    /// ```
    pub fn without_guard_rails() -> GoalSettings {
        GoalSettings {
            energy_density: EnergyDensity::CLASSIC,
            max_weekly_loss_fraction: None,
            max_weekly_gain_fraction: None,
            intake_floor: None,
        }
    }

    fn validate(&self) -> Result<(), Error> {
        let fraction = |field, value: Option<f64>| match value {
            Some(f) if !(f > 0.0 && f <= 0.05) => {
                Err(Error::out_of_range(field, "in (0, 0.05] per week", f))
            }
            _ => Ok(()),
        };
        fraction("max_weekly_loss_fraction", self.max_weekly_loss_fraction)?;
        fraction("max_weekly_gain_fraction", self.max_weekly_gain_fraction)?;
        if let Some(floor) = self.intake_floor {
            for value in [floor.female, floor.male, floor.other] {
                if !(0.0..=5000.0).contains(&value) {
                    return Err(Error::out_of_range(
                        "intake_floor",
                        "in [0, 5000] kcal/day",
                        value,
                    ));
                }
            }
        }
        Ok(())
    }
}

/// How the user set their goal.
///
/// Serde form: `{"method": "weekly_rate", "goal_type": "weight_loss", "weekly_rate_kg": 0.5}`,
/// `{"method": "target_weight", "goal_type": "weight_loss", "target_weight_kg": 75, "target_date": "2025-09-01"}`
/// or `{"method": "explicit", "daily_calorie_target": 1900}`.
///
/// # Example
///
/// ```
/// use calorie_core::{Goal, GoalType};
///
/// let goal = Goal::WeeklyRate { goal_type: GoalType::WeightLoss, weekly_rate_kg: 0.5 };
/// let json = serde_json::to_string(&goal).unwrap();
/// assert_eq!(json, r#"{"method":"weekly_rate","goal_type":"weight_loss","weekly_rate_kg":0.5}"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Goal {
    /// Lose or gain a fixed number of kilograms per week (0 to 2); `maintenance` needs 0.
    WeeklyRate {
        /// Direction.
        goal_type: GoalType,
        /// Kilograms per week, a magnitude: the direction comes from `goal_type`.
        weekly_rate_kg: f64,
    },
    /// Reach a weight by a date; the rate is derived from them.
    TargetWeight {
        /// Direction. A `weight_loss` goal whose target is at or above the current weight
        /// (or a `weight_gain` goal at or below) is already reached.
        goal_type: GoalType,
        /// The weight to reach.
        #[serde(rename = "target_weight_kg", deserialize_with = "target_weight_kg")]
        target_weight: Weight,
        /// The date to reach it by; must be after "today" unless already reached.
        #[serde(with = "crate::text::date")]
        target_date: Date,
    },
    /// Use this number, still subject to the guard rails.
    Explicit {
        /// kcal/day.
        daily_calorie_target: CalorieTarget,
    },
}

fn target_weight_kg<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Weight, D::Error> {
    let kg = <f64 as serde::Deserialize>::deserialize(deserializer)?;
    Weight::target_from_kg(kg).map_err(<D::Error as serde::de::Error>::custom)
}

/// What the planner knows about the person on the day of planning. No clock is read:
/// "today" is passed in.
///
/// # Example
///
/// ```
/// use calorie_core::{ActivityLevel, Age, BmrEquation, Gender, Height, MetabolicProfile, Person, PlanContext, Weight};
///
/// let person = Person::new(Weight::from_kg(80.0)?, Height::from_cm(180.0)?, Age::from_years(30)?, Gender::Male);
/// let profile = MetabolicProfile::compute(&person, ActivityLevel::ModeratelyActive, BmrEquation::default())?;
/// let ctx = PlanContext::new(&person, &profile, jiff::civil::date(2025, 6, 1));
/// assert_eq!(ctx.tdee, 2759.0);
/// # Ok::<(), calorie_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanContext {
    /// Current body weight.
    pub weight: Weight,
    /// Sex, for the intake floor.
    pub gender: Gender,
    /// Total daily energy expenditure, kcal/day, in `(0, 20000]`.
    pub tdee: f64,
    /// The caller's "today" in the user's time zone.
    pub today: Date,
}

impl PlanContext {
    /// Context from a person, their metabolic profile and today's date.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::{ActivityLevel, Age, BmrEquation, Gender, Height, MetabolicProfile, Person, PlanContext, Weight};
    ///
    /// let person = Person::new(Weight::from_kg(60.0)?, Height::from_cm(165.0)?, Age::from_years(25)?, Gender::Female);
    /// let profile = MetabolicProfile::compute(&person, ActivityLevel::Sedentary, BmrEquation::default())?;
    /// let ctx = PlanContext::new(&person, &profile, jiff::civil::date(2025, 6, 1));
    /// assert_eq!(ctx.gender, Gender::Female);
    /// # Ok::<(), calorie_core::Error>(())
    /// ```
    pub fn new(person: &Person, profile: &MetabolicProfile, today: Date) -> PlanContext {
        PlanContext {
            weight: person.weight,
            gender: person.gender,
            tdee: profile.tdee,
            today,
        }
    }
}

string_enum! {
    /// A named guard rail of the goal planner.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::GuardRail;
    ///
    /// assert_eq!(GuardRail::IntakeFloor.as_str(), "intake_floor");
    /// ```
    pub enum GuardRail (
        field = "guard_rail",
        allowed = "one of max_weekly_loss, max_weekly_gain, intake_floor"
    ) {
        /// `max_weekly_loss`: planned loss capped at a fraction of body weight per week.
        MaxWeeklyLoss => "max_weekly_loss",
        /// `max_weekly_gain`: planned gain capped at a fraction of body weight per week.
        MaxWeeklyGain => "max_weekly_gain",
        /// `intake_floor`: target raised to the minimum intake for the person's sex.
        IntakeFloor => "intake_floor",
    }
}

/// A guard rail that changed the target, with the numbers. `Display` gives the reason in
/// words.
///
/// # Example
///
/// ```
/// use calorie_core::{Adjustment, GuardRail};
///
/// let a = Adjustment { guard_rail: GuardRail::IntakeFloor, requested: 1064.3, limit: 1200.0, before_kcal_per_day: 1064.3, after_kcal_per_day: 1200.0 };
/// assert_eq!(
///     a.to_string(),
///     "intake_floor: 1064.30 kcal/day is below the minimum intake of 1200.00 kcal/day; target raised from 1064.30 to 1200.00 kcal/day",
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Adjustment {
    /// Which guard rail.
    pub guard_rail: GuardRail,
    /// What was asked for: kg/week for the rate rails, kcal/day for the floor.
    pub requested: f64,
    /// The limit in the same unit.
    pub limit: f64,
    /// The target before this rail, kcal/day.
    pub before_kcal_per_day: f64,
    /// The target after this rail, kcal/day.
    pub after_kcal_per_day: f64,
}

impl fmt::Display for Adjustment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (before, after) = (self.before_kcal_per_day, self.after_kcal_per_day);
        let direction = if after > before { "raised" } else { "lowered" };
        let (requested, limit) = (Decimal::fixed2(self.requested), Decimal::fixed2(self.limit));
        let (before, after) = (Decimal::fixed2(before), Decimal::fixed2(after));
        match self.guard_rail {
            GuardRail::MaxWeeklyLoss => write!(
                f,
                "max_weekly_loss: a loss of {requested} kg/week exceeds the limit of {limit} kg/week"
            )?,
            GuardRail::MaxWeeklyGain => write!(
                f,
                "max_weekly_gain: a gain of {requested} kg/week exceeds the limit of {limit} kg/week"
            )?,
            GuardRail::IntakeFloor => write!(
                f,
                "intake_floor: {requested} kcal/day is below the minimum intake of {limit} kcal/day"
            )?,
        }
        write!(f, "; target {direction} from {before} to {after} kcal/day")
    }
}

/// A daily calorie target and how it was reached.
///
/// # Example
///
/// ```
/// use calorie_core::{daily_target, Gender, Goal, GoalSettings, GoalType, PlanContext, Weight};
///
/// let ctx = PlanContext { weight: Weight::from_kg(80.0)?, gender: Gender::Male, tdee: 2759.0, today: jiff::civil::date(2025, 6, 1) };
/// let goal = Goal::WeeklyRate { goal_type: GoalType::WeightLoss, weekly_rate_kg: 0.5 };
/// let target = daily_target(&goal, &ctx, &GoalSettings::default())?;
/// assert_eq!(target.kcal_per_day, 2209.0); // 2759 − 0.5 × 7700 / 7
/// assert!(target.adjustments.is_empty());
/// # Ok::<(), calorie_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct DailyTarget {
    /// The target to show, kcal/day, after the guard rails.
    pub kcal_per_day: f64,
    /// What the goal asked for before any guard rail, kcal/day.
    pub requested_kcal_per_day: f64,
    /// The TDEE the plan started from, kcal/day.
    pub tdee: f64,
    /// The effective goal type: `maintenance` once a target weight is reached.
    pub goal_type: GoalType,
    /// The weight change per week the final target implies, kg (negative is a loss):
    /// `(kcal_per_day − tdee) × 7 / energy density`.
    pub weekly_change_kg: f64,
    /// Whether a target-weight goal is already reached (the plan is then maintenance).
    pub target_reached: bool,
    /// The guard rails that changed the target, in the order applied.
    pub adjustments: Vec<Adjustment>,
}

/// Computes the daily calorie target of a goal.
///
/// - Weekly rate: `tdee ∓ weekly_rate_kg × ρ / 7`, with ρ the energy density.
/// - Target weight and date: `tdee + (target − current) × ρ / days`, where `days` counts
///   calendar days from `today` to the target date. No rounding to whole weeks.
/// - Explicit: the given number.
///
/// The guard rails then apply as described in the [module docs](crate::goal).
///
/// # Errors
///
/// - [`Error::OutOfRange`] with field `tdee` unless `0 < tdee <= 20000`.
/// - [`Error::OutOfRange`] with field `weekly_rate_kg` unless `0 <= rate <= 2`, or when a
///   `maintenance` goal has a non-zero rate.
/// - [`Error::TargetDateNotInFuture`] (field `target_date`) when a target-weight goal not
///   yet reached has a target date today or in the past: a zero-length plan.
/// - [`Error::OutOfRange`] for invalid [`GoalSettings`] (fields `max_weekly_loss_fraction`,
///   `max_weekly_gain_fraction`, `intake_floor`).
///
/// # Example
///
/// ```
/// use calorie_core::{daily_target, Gender, Goal, GoalSettings, GoalType, GuardRail, PlanContext, Weight};
/// use jiff::civil::date;
///
/// let ctx = PlanContext { weight: Weight::from_kg(80.0)?, gender: Gender::Male, tdee: 2759.0, today: date(2025, 6, 1) };
///
/// // Lose 5 kg in 70 days: 2759 − 5 × 7700 / 70 = 2209 kcal/day, 0.5 kg/week.
/// let goal = Goal::TargetWeight { goal_type: GoalType::WeightLoss, target_weight: Weight::from_kg(75.0)?, target_date: date(2025, 8, 10) };
/// let plan = daily_target(&goal, &ctx, &GoalSettings::default())?;
/// assert_eq!(format!("{:.2}", plan.kcal_per_day), "2209.00");
/// assert_eq!(format!("{:.2}", plan.weekly_change_kg), "-0.50");
///
/// // 1 kg/week is more than 1 % of 80 kg: capped at 0.8 kg/week, 2759 − 880 = 1879.
/// let fast = Goal::WeeklyRate { goal_type: GoalType::WeightLoss, weekly_rate_kg: 1.0 };
/// let plan = daily_target(&fast, &ctx, &GoalSettings::default())?;
/// assert_eq!(format!("{:.2}", plan.kcal_per_day), "1879.00");
/// assert_eq!(plan.adjustments[0].guard_rail, GuardRail::MaxWeeklyLoss);
///
/// // A target date of today is a zero-length plan:
/// let now = Goal::TargetWeight { goal_type: GoalType::WeightLoss, target_weight: Weight::from_kg(75.0)?, target_date: date(2025, 6, 1) };
/// assert_eq!(daily_target(&now, &ctx, &GoalSettings::default()).unwrap_err().field(), "target_date");
/// # Ok::<(), calorie_core::Error>(())
/// ```
pub fn daily_target(
    goal: &Goal,
    context: &PlanContext,
    settings: &GoalSettings,
) -> Result<DailyTarget, Error> {
    settings.validate()?;
    let tdee = context.tdee;
    if !(tdee > 0.0 && tdee <= 20_000.0) {
        return Err(Error::out_of_range("tdee", "in (0, 20000] kcal/day", tdee));
    }
    let rho = settings.energy_density.kcal_per_kg();
    let current = context.weight.kg();

    let (requested, goal_type, target_reached) = match *goal {
        Goal::WeeklyRate {
            goal_type,
            weekly_rate_kg,
        } => {
            if !(0.0..=2.0).contains(&weekly_rate_kg) {
                return Err(Error::out_of_range(
                    "weekly_rate_kg",
                    "in [0, 2] kg/week",
                    weekly_rate_kg,
                ));
            }
            let delta = weekly_rate_kg * rho / 7.0;
            let requested = match goal_type {
                GoalType::WeightLoss => tdee - delta,
                GoalType::WeightGain => tdee + delta,
                GoalType::Maintenance if weekly_rate_kg == 0.0 => tdee,
                GoalType::Maintenance => {
                    return Err(Error::out_of_range(
                        "weekly_rate_kg",
                        "0 for a maintenance goal",
                        weekly_rate_kg,
                    ))
                }
            };
            (requested, goal_type, false)
        }
        Goal::TargetWeight {
            goal_type,
            target_weight,
            target_date,
        } => {
            let target = target_weight.kg();
            let reached = match goal_type {
                GoalType::WeightLoss => current <= target,
                GoalType::WeightGain => current >= target,
                GoalType::Maintenance => false,
            };
            if reached || goal_type == GoalType::Maintenance {
                (tdee, GoalType::Maintenance, reached)
            } else {
                let days = days_of(target_date) - days_of(context.today);
                if days <= 0 {
                    return Err(Error::TargetDateNotInFuture {
                        target_date,
                        today: context.today,
                    });
                }
                (
                    tdee + (target - current) * rho / days as f64,
                    goal_type,
                    false,
                )
            }
        }
        Goal::Explicit {
            daily_calorie_target,
        } => {
            let kcal = daily_calorie_target.kcal_per_day();
            let goal_type = if kcal < tdee {
                GoalType::WeightLoss
            } else if kcal > tdee {
                GoalType::WeightGain
            } else {
                GoalType::Maintenance
            };
            (kcal, goal_type, false)
        }
    };

    let mut adjustments = Vec::new();
    let mut kcal = requested;
    let weekly_change = |kcal: f64| (kcal - tdee) * 7.0 / rho;
    // A rate may sit on its limit up to rounding of the arithmetic above.
    const TOLERANCE_KG: f64 = 1e-9;

    if let Some(fraction) = settings.max_weekly_loss_fraction {
        let limit = fraction * current;
        let loss = -weekly_change(kcal);
        if loss > limit + TOLERANCE_KG {
            let after = tdee - limit * rho / 7.0;
            adjustments.push(Adjustment {
                guard_rail: GuardRail::MaxWeeklyLoss,
                requested: loss,
                limit,
                before_kcal_per_day: kcal,
                after_kcal_per_day: after,
            });
            kcal = after;
        }
    }
    if let Some(fraction) = settings.max_weekly_gain_fraction {
        let limit = fraction * current;
        let gain = weekly_change(kcal);
        if gain > limit + TOLERANCE_KG {
            let after = tdee + limit * rho / 7.0;
            adjustments.push(Adjustment {
                guard_rail: GuardRail::MaxWeeklyGain,
                requested: gain,
                limit,
                before_kcal_per_day: kcal,
                after_kcal_per_day: after,
            });
            kcal = after;
        }
    }
    if let Some(floor) = settings.intake_floor {
        let limit = floor.for_gender(context.gender);
        if kcal < limit {
            adjustments.push(Adjustment {
                guard_rail: GuardRail::IntakeFloor,
                requested: kcal,
                limit,
                before_kcal_per_day: kcal,
                after_kcal_per_day: limit,
            });
            kcal = limit;
        }
    }

    Ok(DailyTarget {
        kcal_per_day: kcal,
        requested_kcal_per_day: requested,
        tdee,
        goal_type,
        weekly_change_kg: weekly_change(kcal),
        target_reached,
        adjustments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[track_caller]
    fn assert_kcal(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() < 0.005,
            "got {actual:.4}, hand-computed {expected:.4}"
        );
    }

    /// Male, 80 kg, 180 cm, 30 y: Mifflin 1780, moderately active → TDEE 1780 × 1.55 = 2759.
    fn man() -> PlanContext {
        PlanContext {
            weight: Weight::from_kg(80.0).unwrap(),
            gender: Gender::Male,
            tdee: 2759.0,
            today: date(2025, 6, 1),
        }
    }

    /// Female, 60 kg, 165 cm, 25 y: Mifflin 1345.25, sedentary → TDEE 1345.25 × 1.2 = 1614.3.
    fn woman() -> PlanContext {
        PlanContext {
            weight: Weight::from_kg(60.0).unwrap(),
            gender: Gender::Female,
            tdee: 1614.3,
            today: date(2025, 6, 1),
        }
    }

    fn rate(goal_type: GoalType, weekly_rate_kg: f64) -> Goal {
        Goal::WeeklyRate {
            goal_type,
            weekly_rate_kg,
        }
    }

    fn target(goal_type: GoalType, kg: f64, by: Date) -> Goal {
        Goal::TargetWeight {
            goal_type,
            target_weight: Weight::target_from_kg(kg).unwrap(),
            target_date: by,
        }
    }

    fn explicit(kcal: f64) -> Goal {
        Goal::Explicit {
            daily_calorie_target: CalorieTarget::from_kcal_per_day(kcal).unwrap(),
        }
    }

    fn plan(goal: Goal, ctx: PlanContext) -> DailyTarget {
        daily_target(&goal, &ctx, &GoalSettings::default()).unwrap()
    }

    fn rails(t: &DailyTarget) -> Vec<GuardRail> {
        t.adjustments.iter().map(|a| a.guard_rail).collect()
    }

    #[test]
    fn a_weekly_loss_rate_subtracts_rate_times_density_over_seven() {
        // 2759 − 0.5 × 7700 / 7 = 2759 − 550 = 2209
        let t = plan(rate(GoalType::WeightLoss, 0.5), man());
        assert_kcal(t.kcal_per_day, 2209.0);
        assert_kcal(t.weekly_change_kg, -0.5);
        assert!(t.adjustments.is_empty());
    }

    #[test]
    fn a_weekly_gain_rate_adds_rate_times_density_over_seven() {
        // 2759 + 0.25 × 7700 / 7 = 2759 + 275 = 3034 (0.25 ≤ 0.5 % of 80 = 0.4)
        let t = plan(rate(GoalType::WeightGain, 0.25), man());
        assert_kcal(t.kcal_per_day, 3034.0);
        assert_kcal(t.weekly_change_kg, 0.25);
    }

    #[test]
    fn maintenance_targets_tdee_and_a_zero_rate_is_maintenance_too() {
        assert_kcal(
            plan(rate(GoalType::Maintenance, 0.0), man()).kcal_per_day,
            2759.0,
        );
        assert_kcal(
            plan(rate(GoalType::WeightLoss, 0.0), man()).kcal_per_day,
            2759.0,
        );
        let err = daily_target(
            &rate(GoalType::Maintenance, 0.5),
            &man(),
            &GoalSettings::default(),
        )
        .unwrap_err();
        assert_eq!(err.field(), "weekly_rate_kg");
    }

    #[test]
    fn a_custom_energy_density_changes_the_deficit() {
        let settings = GoalSettings {
            energy_density: EnergyDensity::from_kcal_per_kg(5550.0).unwrap(),
            ..GoalSettings::default()
        };
        // 2759 − 0.5 × 5550 / 7 = 2759 − 396.428571… = 2362.571428…
        let t = daily_target(&rate(GoalType::WeightLoss, 0.5), &man(), &settings).unwrap();
        assert_kcal(t.kcal_per_day, 2362.5714);
    }

    #[test]
    fn a_loss_faster_than_one_percent_a_week_is_capped_and_reported() {
        // requested 2759 − 1.0 × 1100 = 1659; limit 1 % × 80 = 0.8 kg → 2759 − 880 = 1879
        let t = plan(rate(GoalType::WeightLoss, 1.0), man());
        assert_kcal(t.requested_kcal_per_day, 1659.0);
        assert_kcal(t.kcal_per_day, 1879.0);
        assert_eq!(rails(&t), [GuardRail::MaxWeeklyLoss]);
        let a = t.adjustments[0];
        assert_kcal(a.requested, 1.0);
        assert_kcal(a.limit, 0.8);
        assert_eq!(
            a.to_string(),
            "max_weekly_loss: a loss of 1.00 kg/week exceeds the limit of 0.80 kg/week; \
             target raised from 1659.00 to 1879.00 kcal/day"
        );
    }

    #[test]
    fn a_loss_exactly_at_the_limit_is_not_adjusted() {
        // 0.8 kg/week is exactly 1 % of 80 kg
        let t = plan(rate(GoalType::WeightLoss, 0.8), man());
        assert!(t.adjustments.is_empty());
        assert_kcal(t.kcal_per_day, 1879.0);
    }

    #[test]
    fn a_gain_faster_than_half_a_percent_a_week_is_capped_and_reported() {
        // requested 2759 + 0.5 × 1100 = 3309; limit 0.5 % × 80 = 0.4 kg → 2759 + 440 = 3199
        let t = plan(rate(GoalType::WeightGain, 0.5), man());
        assert_kcal(t.requested_kcal_per_day, 3309.0);
        assert_kcal(t.kcal_per_day, 3199.0);
        assert_eq!(rails(&t), [GuardRail::MaxWeeklyGain]);
        assert!(t.adjustments[0]
            .to_string()
            .contains("target lowered from 3309.00 to 3199.00"));
    }

    #[test]
    fn the_intake_floor_raises_a_low_target_for_a_woman() {
        // 1614.3 − 0.5 × 1100 = 1064.3 (0.5 ≤ 1 % × 60 = 0.6) → below 1200 → 1200
        let t = plan(rate(GoalType::WeightLoss, 0.5), woman());
        assert_kcal(t.requested_kcal_per_day, 1064.3);
        assert_kcal(t.kcal_per_day, 1200.0);
        assert_eq!(rails(&t), [GuardRail::IntakeFloor]);
        // the floor makes the plan slower: (1200 − 1614.3) × 7 / 7700 = −0.376636…
        assert_kcal(t.weekly_change_kg, -0.3766);
    }

    #[test]
    fn both_the_rate_cap_and_the_floor_can_apply_and_are_listed_in_order() {
        // 1614.3 − 1100 = 514.3; cap 0.6 kg → 1614.3 − 660 = 954.3; floor → 1200
        let t = plan(rate(GoalType::WeightLoss, 1.0), woman());
        assert_eq!(
            rails(&t),
            [GuardRail::MaxWeeklyLoss, GuardRail::IntakeFloor]
        );
        assert_kcal(t.adjustments[0].after_kcal_per_day, 954.3);
        assert_kcal(t.kcal_per_day, 1200.0);
    }

    #[test]
    fn the_floor_for_men_and_other_is_1500() {
        let mut ctx = man();
        ctx.tdee = 1800.0;
        // 1800 − 0.5 × 1100 = 1250 → 1500
        let t = plan(rate(GoalType::WeightLoss, 0.5), ctx);
        assert_kcal(t.kcal_per_day, 1500.0);
        ctx.gender = Gender::Other;
        let t = plan(rate(GoalType::WeightLoss, 0.5), ctx);
        assert_kcal(t.kcal_per_day, 1500.0);
    }

    #[test]
    fn guard_rails_can_be_overridden_or_switched_off() {
        let none = GoalSettings::without_guard_rails();
        let t = daily_target(&rate(GoalType::WeightLoss, 1.0), &woman(), &none).unwrap();
        // 1614.3 − 1100 = 514.3, unchanged
        assert_kcal(t.kcal_per_day, 514.3);
        assert!(t.adjustments.is_empty());

        let custom = GoalSettings {
            max_weekly_loss_fraction: Some(0.02),
            intake_floor: Some(IntakeFloor {
                female: 1000.0,
                ..IntakeFloor::default()
            }),
            ..GoalSettings::default()
        };
        // limit 2 % × 60 = 1.2 kg ≥ 1.0: no cap; 514.3 → floor 1000
        let t = daily_target(&rate(GoalType::WeightLoss, 1.0), &woman(), &custom).unwrap();
        assert_eq!(rails(&t), [GuardRail::IntakeFloor]);
        assert_kcal(t.kcal_per_day, 1000.0);

        let bad = GoalSettings {
            max_weekly_loss_fraction: Some(0.5),
            ..GoalSettings::default()
        };
        let err = daily_target(&rate(GoalType::WeightLoss, 1.0), &woman(), &bad).unwrap_err();
        assert_eq!(err.field(), "max_weekly_loss_fraction");
    }

    #[test]
    fn a_target_weight_and_date_derive_the_rate_from_calendar_days() {
        // −5 kg over 70 days: 2759 − 5 × 7700 / 70 = 2759 − 550 = 2209
        let t = plan(target(GoalType::WeightLoss, 75.0, date(2025, 8, 10)), man());
        assert_kcal(t.kcal_per_day, 2209.0);
        assert_kcal(t.weekly_change_kg, -0.5);
        // +5 kg over 140 days: 2759 + 5 × 7700 / 140 = 2759 + 275 = 3034
        let t = plan(
            target(GoalType::WeightGain, 85.0, date(2025, 10, 19)),
            man(),
        );
        assert_kcal(t.kcal_per_day, 3034.0);
    }

    #[test]
    fn a_one_day_plan_is_not_rounded_to_zero_weeks() {
        // −1 kg by tomorrow: requested 2759 − 7700 = −4941; capped to 1879 (−0.8 kg/week)
        let t = plan(target(GoalType::WeightLoss, 79.0, date(2025, 6, 2)), man());
        assert_kcal(t.requested_kcal_per_day, -4941.0);
        assert_kcal(t.kcal_per_day, 1879.0);
        assert_eq!(rails(&t), [GuardRail::MaxWeeklyLoss]);
    }

    #[test]
    fn an_unsafe_target_date_is_capped_and_says_so() {
        // −5 kg in 14 days: 2759 − 5 × 7700 / 14 = 2759 − 2750 = 9; −2.5 kg/week → capped 1879
        let t = plan(target(GoalType::WeightLoss, 75.0, date(2025, 6, 15)), man());
        assert_kcal(t.requested_kcal_per_day, 9.0);
        assert_kcal(t.adjustments[0].requested, 2.5);
        assert_kcal(t.kcal_per_day, 1879.0);
    }

    #[test]
    fn a_target_date_today_or_in_the_past_is_an_error() {
        for by in [date(2025, 6, 1), date(2025, 5, 31), date(2020, 1, 1)] {
            let err = daily_target(
                &target(GoalType::WeightLoss, 75.0, by),
                &man(),
                &GoalSettings::default(),
            )
            .unwrap_err();
            assert_eq!(
                err,
                Error::TargetDateNotInFuture {
                    target_date: by,
                    today: date(2025, 6, 1)
                }
            );
        }
    }

    #[test]
    fn a_target_weight_already_reached_plans_maintenance_whatever_the_date() {
        // losing to 85 kg when at 80 kg: reached, even with a past date
        let t = plan(target(GoalType::WeightLoss, 85.0, date(2020, 1, 1)), man());
        assert!(t.target_reached);
        assert_eq!(t.goal_type, GoalType::Maintenance);
        assert_kcal(t.kcal_per_day, 2759.0);
        // exactly at the target counts as reached
        let t = plan(target(GoalType::WeightGain, 80.0, date(2025, 7, 1)), man());
        assert!(t.target_reached);
        assert_kcal(t.weekly_change_kg, 0.0);
    }

    #[test]
    fn an_explicit_target_is_kept_when_safe_and_adjusted_when_not() {
        // 2000 kcal: (2000 − 2759) × 7 / 7700 = −0.69 kg/week ≤ 0.8: kept
        let t = plan(explicit(2000.0), man());
        assert_kcal(t.kcal_per_day, 2000.0);
        assert!(t.adjustments.is_empty());
        assert_eq!(t.goal_type, GoalType::WeightLoss);
        // 1000 kcal for the woman: (1000 − 1614.3) × 7 / 7700 = −0.558 ≤ 0.6; floor → 1200
        let t = plan(explicit(1000.0), woman());
        assert_eq!(rails(&t), [GuardRail::IntakeFloor]);
        assert_kcal(t.kcal_per_day, 1200.0);
        // 1800 kcal for the man: −0.8718 kg/week > 0.8: raised to 1879
        let t = plan(explicit(1800.0), man());
        assert_eq!(rails(&t), [GuardRail::MaxWeeklyLoss]);
        assert_kcal(t.kcal_per_day, 1879.0);
    }

    #[test]
    fn invalid_rates_and_tdee_are_rejected() {
        let s = GoalSettings::default();
        for bad in [-0.1, 2.5, f64::NAN] {
            let err = daily_target(&rate(GoalType::WeightLoss, bad), &man(), &s).unwrap_err();
            assert_eq!(err.field(), "weekly_rate_kg");
        }
        let mut ctx = man();
        ctx.tdee = f64::NAN;
        let err = daily_target(&rate(GoalType::WeightLoss, 0.5), &ctx, &s).unwrap_err();
        assert_eq!(err.field(), "tdee");
    }

    #[test]
    fn a_goal_deserialises_from_its_tagged_json_form() {
        let goal: Goal = serde_json::from_str(
            r#"{"method":"target_weight","goal_type":"weight_loss","target_weight_kg":75,"target_date":"2025-08-10"}"#,
        )
        .unwrap();
        assert_eq!(goal, target(GoalType::WeightLoss, 75.0, date(2025, 8, 10)));
        let bad = r#"{"method":"explicit","daily_calorie_target":-5}"#;
        assert!(serde_json::from_str::<Goal>(bad)
            .unwrap_err()
            .to_string()
            .contains("daily_calorie_target"));
    }
}
