//! How hubplan writes numbers for people: the one number formatter, in the few styles its
//! outputs need. Diagnostics, checker messages, explanations, reports and benchmark tables all
//! format through here, so that the same number reads the same everywhere it is meant to.

/// The shortest text that reads back as `x` (`0` for both zeros): model values quoted in
/// diagnostics, as the planner wrote them.
pub fn shortest(x: f64) -> String {
    if x == 0.0 {
        "0".to_string()
    } else {
        x.to_string()
    }
}

/// `x` rounded to hundredths, written as [`shortest`]: quantities in explanations.
pub fn hundredths(x: f64) -> String {
    shortest((x * 100.0).round() / 100.0)
}

/// `x` to at most six decimals, trailing zeros dropped, `0` for a value that rounds to zero
/// (never `-0`); `NaN` and `inf` as Rust writes them: checker messages and benchmark tables.
pub fn trimmed(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// `x` with `decimals` decimals and thousands separators (`1,234,567.89`), `-` when it is not
/// finite, never `-0`: figures in reports.
pub fn grouped(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(a, b)| (a, b));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if x < 0.0 && out.chars().any(|c| c != '0' && c != '.' && c != ',') {
        out.insert(0, '-');
    }
    out
}

/// A small number such as a gap in scientific notation with three digits (`1.23e-5`), `0`
/// for zero.
pub fn scientific(x: f64) -> String {
    if x == 0.0 {
        "0".into()
    } else {
        format!("{x:.2e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_style_writes_as_documented() {
        assert_eq!(shortest(0.0), "0");
        assert_eq!(shortest(-0.0), "0");
        assert_eq!(shortest(2.5), "2.5");
        assert_eq!(hundredths(1.23456), "1.23");
        assert_eq!(trimmed(36420.0), "36420");
        assert_eq!(trimmed(90398.0868571), "90398.086857");
        assert_eq!(trimmed(-0.0000001), "0");
        assert_eq!(trimmed(f64::NAN), "NaN");
        assert_eq!(trimmed(f64::INFINITY), "inf");
        assert_eq!(grouped(1234567.891, 2), "1,234,567.89");
        assert_eq!(grouped(-0.001, 2), "0.00");
        assert_eq!(grouped(-1234.0, 0), "-1,234");
        assert_eq!(grouped(f64::NAN, 1), "-");
        assert_eq!(scientific(0.0), "0");
        assert_eq!(scientific(1.234e-5), "1.23e-5");
    }
}
