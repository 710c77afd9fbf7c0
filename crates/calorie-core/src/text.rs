//! RFC 3339 text for instants and dates: parsing with field-named errors, and printing.
//!
//! The crate reads and writes timestamps itself instead of through `jiff`'s parser and
//! serde support: that keeps `jiff`'s general-purpose formatter and its error messages
//! out of the worker's wasm (about 40 KB gzip), and gives the worker errors that name
//! the field.

use std::fmt;

use jiff::{
    civil::{Date, DateTime},
    Timestamp,
};

use crate::{bucket::days_from_civil, Error};

/// Parses an RFC 3339 timestamp into a UTC instant.
///
/// Accepts `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, with `t`/space for `T`, `z` for
/// `Z`, and `±HHMM`/`±HH` offsets (PostgreSQL prints `+00:00` and `+00`). Up to nine
/// fractional digits are kept; a leap second `:60` is read as `:59`.
///
/// # Errors
///
/// [`Error::UnknownValue`] naming `field` if the text is not such a timestamp or lies
/// outside the years −9999..=9999.
///
/// # Example
///
/// ```
/// use calorie_core::parse_timestamp;
///
/// let at = parse_timestamp("2025-03-09T01:30:00.250-05:00", "occurred_at")?;
/// assert_eq!(at.to_string(), "2025-03-09T06:30:00.25Z");
/// assert_eq!(parse_timestamp("2025-03-09 06:30:00+00", "occurred_at")?, at - jiff::SignedDuration::from_millis(250));
/// let err = parse_timestamp("yesterday", "occurred_at").unwrap_err();
/// assert_eq!(err.field(), "occurred_at");
/// # Ok::<(), calorie_core::Error>(())
/// ```
pub fn parse_timestamp(text: &str, field: &'static str) -> Result<Timestamp, Error> {
    timestamp_from(text).ok_or_else(|| Error::UnknownValue {
        field,
        allowed: "an RFC 3339 timestamp such as 2025-03-09T06:30:00Z",
        got: text.to_owned(),
    })
}

/// Parses a `YYYY-MM-DD` calendar date.
///
/// # Errors
///
/// [`Error::UnknownValue`] naming `field` if the text is not a valid date.
///
/// # Example
///
/// ```
/// use calorie_core::parse_date;
///
/// assert_eq!(parse_date("2024-02-29", "target_date")?, jiff::civil::date(2024, 2, 29));
/// assert_eq!(parse_date("2025-02-29", "target_date").unwrap_err().field(), "target_date");
/// # Ok::<(), calorie_core::Error>(())
/// ```
pub fn parse_date(text: &str, field: &'static str) -> Result<Date, Error> {
    let mut p = Parser(text.as_bytes());
    p.date()
        .filter(|_| p.0.is_empty())
        .ok_or_else(|| Error::UnknownValue {
            field,
            allowed: "a date such as 2025-08-10",
            got: text.to_owned(),
        })
}

fn timestamp_from(text: &str) -> Option<Timestamp> {
    let mut p = Parser(text.as_bytes());
    let date = p.date()?;
    p.one_of(b"Tt ")?;
    let hour = p.digits(2)?;
    p.one_of(b":")?;
    let minute = p.digits(2)?;
    p.one_of(b":")?;
    let second = p.digits(2)?.min(59);
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut nanos = 0i32;
    if p.one_of(b".,").is_some() {
        let mut digits = 0;
        while let Some(d) = p.digit() {
            if digits < 9 {
                nanos = nanos * 10 + d as i32;
            }
            digits += 1;
        }
        if digits == 0 {
            return None;
        }
        for _ in digits..9 {
            nanos *= 10;
        }
    }
    let offset = match p.one_of(b"Zz+-")? {
        b'Z' | b'z' => 0,
        sign => {
            let hours = p.digits(2)?;
            let minutes = if p.0.is_empty() {
                0
            } else {
                let _ = p.one_of(b":");
                p.digits(2)?
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = hours * 3600 + minutes * 60;
            if sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
    };
    if !p.0.is_empty() {
        return None;
    }
    let days = days_from_civil(
        i64::from(date.year()),
        i64::from(date.month()),
        i64::from(date.day()),
    );
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset;
    Timestamp::new(seconds, nanos).ok()
}

struct Parser<'a>(&'a [u8]);

impl Parser<'_> {
    fn digit(&mut self) -> Option<i64> {
        let (&b, rest) = self.0.split_first()?;
        if !b.is_ascii_digit() {
            return None;
        }
        self.0 = rest;
        Some(i64::from(b - b'0'))
    }

    fn digits(&mut self, n: usize) -> Option<i64> {
        (0..n).try_fold(0, |acc, _| Some(acc * 10 + self.digit()?))
    }

    fn one_of(&mut self, set: &[u8]) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        if !set.contains(&b) {
            return None;
        }
        self.0 = rest;
        Some(b)
    }

    fn date(&mut self) -> Option<Date> {
        let year = self.digits(4)?;
        self.one_of(b"-")?;
        let month = self.digits(2)?;
        self.one_of(b"-")?;
        let day = self.digits(2)?;
        Date::new(year as i16, month as i8, day as i8).ok()
    }
}

/// Writes `2025-03-09T06:30:00Z` (with `.fraction` only when non-zero, trailing zeros
/// trimmed).
pub(crate) struct Rfc3339(pub(crate) Timestamp);

impl fmt::Display for Rfc3339 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ts = self.0;
        let mut seconds = ts.as_second();
        let mut nanos = ts.subsec_nanosecond();
        if nanos < 0 {
            seconds -= 1;
            nanos += 1_000_000_000;
        }
        let days = seconds.div_euclid(86_400);
        let secs = seconds.rem_euclid(86_400);
        let (y, m, d) = crate::bucket::civil_from_days(days);
        write_date(f, y, m, d)?;
        write!(
            f,
            "T{:02}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )?;
        if nanos != 0 {
            let mut digits = 9;
            while nanos % 10 == 0 {
                nanos /= 10;
                digits -= 1;
            }
            write!(f, ".{nanos:0digits$}")?;
        }
        f.write_str("Z")
    }
}

/// Writes `2025-03-09`.
pub(crate) struct IsoDate(pub(crate) Date);

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        write_date(
            f,
            i64::from(d.year()),
            i64::from(d.month()),
            i64::from(d.day()),
        )
    }
}

/// Writes `2025-03-09T01:00:00` (whole seconds; the crate's labels have no fraction).
pub(crate) struct IsoDateTime(pub(crate) DateTime);

impl fmt::Display for IsoDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dt = self.0;
        write!(
            f,
            "{}T{:02}:{:02}:{:02}",
            IsoDate(dt.date()),
            dt.hour(),
            dt.minute(),
            dt.second()
        )
    }
}

fn write_date(f: &mut fmt::Formatter<'_>, y: i64, m: i64, d: i64) -> fmt::Result {
    if (0..=9999).contains(&y) {
        write!(f, "{y:04}-{m:02}-{d:02}")
    } else {
        // RFC 3339 has no room for these; ISO 8601's expanded form does.
        write!(f, "{y:+07}-{m:02}-{d:02}")
    }
}

/// Writes a number in plain decimal without `core`'s float formatter (which would add
/// about 8 KB gzip to the wasm): `Decimal::fixed2` like `{:.2}`, `Decimal::short` with up
/// to six decimals and trailing zeros trimmed (`-3`, `1.8`, `0.25`), huge values in
/// scientific notation.
pub(crate) struct Decimal {
    value: f64,
    places: u32,
    trim: bool,
}

impl Decimal {
    pub(crate) fn fixed2(value: f64) -> Decimal {
        Decimal {
            value,
            places: 2,
            trim: false,
        }
    }

    pub(crate) fn short(value: f64) -> Decimal {
        Decimal {
            value,
            places: 6,
            trim: true,
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.value;
        if x.is_nan() {
            return f.write_str("NaN");
        }
        if x.is_infinite() {
            return f.write_str(if x > 0.0 { "inf" } else { "-inf" });
        }
        let scale = 10i64.pow(self.places);
        if x.abs() >= 1e12 {
            let exponent = x.abs().log10().floor() as i32;
            let mantissa = x / 10f64.powi(exponent);
            return write!(f, "{}e{exponent}", Decimal::short(mantissa));
        }
        let n = (x * scale as f64).round() as i64;
        let sign = if n < 0 { "-" } else { "" };
        let (int, mut frac) = (
            n.unsigned_abs() / scale as u64,
            n.unsigned_abs() % scale as u64,
        );
        write!(f, "{sign}{int}")?;
        let mut places = self.places as usize;
        if self.trim {
            if frac == 0 {
                return Ok(());
            }
            while frac % 10 == 0 {
                frac /= 10;
                places -= 1;
            }
        }
        write!(f, ".{frac:0places$}")
    }
}

/// Serde helpers: `#[serde(with = "crate::text::timestamp")]`.
pub(crate) mod timestamp {
    use jiff::Timestamp;

    pub(crate) fn serialize<S: serde::Serializer>(ts: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&super::Rfc3339(*ts))
    }

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<Timestamp, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        super::parse_timestamp(&text, "occurred_at").map_err(<D::Error as serde::de::Error>::custom)
    }
}

/// Serde helpers: `#[serde(with = "crate::text::date")]`.
pub(crate) mod date {
    use jiff::civil::Date;

    pub(crate) fn serialize<S: serde::Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&super::IsoDate(*date))
    }

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        super::parse_date(&text, "target_date").map_err(<D::Error as serde::de::Error>::custom)
    }
}

/// Serde helper: serialise a civil datetime as `2025-03-09T01:00:00`.
pub(crate) fn serialize_datetime<S: serde::Serializer>(
    dt: &DateTime,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_str(&IsoDateTime(*dt))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn ts(text: &str) -> Timestamp {
        parse_timestamp(text, "occurred_at").unwrap()
    }

    #[test]
    fn timestamps_in_the_forms_postgres_and_clients_send_are_read() {
        let expected = Timestamp::from_second(1_741_501_800).unwrap(); // 2025-03-09T06:30:00Z
        for text in [
            "2025-03-09T06:30:00Z",
            "2025-03-09t06:30:00z",
            "2025-03-09 06:30:00+00:00",
            "2025-03-09T06:30:00+00",
            "2025-03-09T01:30:00-05:00",
            "2025-03-09T12:00:00+0530",
            "2025-03-09T06:30:00.000000+00:00",
        ] {
            assert_eq!(ts(text), expected, "{text}");
        }
    }

    #[test]
    fn fractions_are_kept_to_the_nanosecond() {
        assert_eq!(
            ts("2025-03-09T06:30:00.123456Z").subsec_nanosecond(),
            123_456_000
        );
        assert_eq!(
            ts("2025-03-09T06:30:00.1234567891Z").subsec_nanosecond(),
            123_456_789
        );
    }

    #[test]
    fn malformed_or_impossible_timestamps_are_errors_naming_the_field() {
        for text in [
            "",
            "2025-03-09",
            "2025-03-09T06:30:00",
            "2025-02-30T00:00:00Z",
            "2025-03-09T24:00:00Z",
            "2025-03-09T06:30:00.Z",
            "2025-03-09T06:30:00+25:00",
            "2025-03-09T06:30:00Zjunk",
            "९९९९-03-09T06:30:00Z",
        ] {
            let err = parse_timestamp(text, "occurred_at").unwrap_err();
            assert_eq!(err.field(), "occurred_at", "{text:?}");
        }
    }

    #[test]
    fn parsing_agrees_with_jiff() {
        for text in [
            "1969-12-31T23:59:59.5Z",
            "2000-02-29T12:34:56+14:00",
            "0001-01-01T00:00:00Z",
            "9999-12-30T21:59:59Z",
            "2025-11-02T01:30:00-04:00",
        ] {
            assert_eq!(ts(text), text.parse::<Timestamp>().unwrap(), "{text}");
        }
    }

    #[test]
    fn decimals_print_like_rusts_float_formatting() {
        for x in [-3.0, 1.8, 12.5, 0.25, 2000.0, 0.0, 1064.3, -0.5, 123.456789] {
            assert_eq!(Decimal::short(x).to_string(), format!("{x}"), "{x}");
            assert_eq!(Decimal::fixed2(x).to_string(), format!("{x:.2}"), "{x}");
        }
        assert_eq!(Decimal::short(f64::NAN).to_string(), "NaN");
        assert_eq!(Decimal::short(-f64::INFINITY).to_string(), "-inf");
        assert_eq!(Decimal::short(2.5e20).to_string(), "2.5e20");
        assert_eq!(Decimal::short(1.0 / 3.0).to_string(), "0.333333");
    }

    #[test]
    fn printing_matches_jiffs_rfc_3339_output() {
        for text in [
            "2025-03-09T06:30:00Z",
            "2025-03-09T06:30:00.25Z",
            "1969-12-31T23:59:59.999999999Z",
            "0001-01-01T00:00:00Z",
        ] {
            let t: Timestamp = text.parse().unwrap();
            assert_eq!(Rfc3339(t).to_string(), t.to_string());
        }
        let dt = jiff::civil::date(2025, 3, 9).at(1, 0, 0, 0);
        assert_eq!(IsoDateTime(dt).to_string(), "2025-03-09T01:00:00");
        assert_eq!(IsoDate(dt.date()).to_string(), "2025-03-09");
    }
}
