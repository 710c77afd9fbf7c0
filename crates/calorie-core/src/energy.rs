/// Mifflin–St Jeor basal metabolic rate of a man, in kcal/day.
///
/// `10 W + 6.25 H − 5 A + 5` (Mifflin et al., Am J Clin Nutr 51:241, 1990).
///
/// # Example
/// ```
/// // wger's published check: male, 80 kg, 180 cm, 30 years.
/// let bmr = calorie_core::mifflin_st_jeor(80.0, 180.0, 30.0);
/// assert_eq!(format!("{bmr:.2}"), "1780.00");
/// ```
pub fn mifflin_st_jeor(weight_kg: f64, height_cm: f64, age_years: f64) -> f64 {
    10.0 * weight_kg + 6.25 * height_cm - 5.0 * age_years + 5.0
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn mifflin_matches_the_original_services_acceptance_payload() {
        assert!((mifflin_st_jeor(75.0, 175.0, 30.0) - 1698.75).abs() < 1e-9);
    }
}
