//! Go's parsers behind pflag's flag types, as far as they accept or reject a value.
//!
//! Owns `strconv.ParseBool`, `strconv.ParseInt(s, 0, 64)`, `time.ParseDuration`, one
//! `encoding/csv` record (StringSlice) and pflag's StringToString rule. Only whether a value
//! is accepted matters here: pflag rejecting a value ends a run before any hook, so nothing
//! would be recorded. No other knowledge of flags.

/// `strconv.ParseBool`.
pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// `strconv.ParseInt(s, 0, 64)`: a sign, a `0x`/`0o`/`0b` or `0` (octal) prefix, digits
/// with `_` between them.
pub(crate) fn parse_int(s: &str) -> Option<i64> {
    let (negative, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let b = body.as_bytes();
    let (base, digits) = match b {
        [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'x') => (16, &body[2..]),
        [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'o') => (8, &body[2..]),
        [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'b') => (2, &body[2..]),
        [b'0', ..] => (8, &body[1..]),
        [] => return None,
        _ => (10, body),
    };
    let mut n: u64 = 0;
    let mut underscores = false;
    for c in digits.chars() {
        if c == '_' {
            underscores = true;
            continue;
        }
        let d = u64::from(c.to_digit(base)?);
        n = n.checked_mul(u64::from(base))?.checked_add(d)?;
    }
    if underscores && !underscore_ok(s) {
        return None;
    }
    let n = i128::from(n);
    i64::try_from(if negative { -n } else { n }).ok()
}

/// Go's `underscoreOK`: underscores only between digits (a base prefix counts as one).
fn underscore_ok(s: &str) -> bool {
    let b = s.strip_prefix(['+', '-']).unwrap_or(s).as_bytes();
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if b.len() >= 2 && b[0] == b'0' && matches!(b[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = b[1].eq_ignore_ascii_case(&b'x');
    }
    for &c in &b[i..] {
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else if saw == b'_' {
            return false;
        } else {
            saw = b'!';
        }
    }
    saw != b'_'
}

/// `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, `"0"`, within ±2⁶³ ns.
pub(crate) fn parse_duration(s: &str) -> Option<i128> {
    const LIMIT: u64 = 1 << 63;
    let (negative, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total: u64 = 0;
    while !rest.is_empty() {
        let first = rest.as_bytes()[0];
        if !(first == b'.' || first.is_ascii_digit()) {
            return None;
        }
        let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let mut v: u64 = 0;
        for d in rest[..int_len].bytes() {
            if v > LIMIT / 10 {
                return None;
            }
            v = v * 10 + u64::from(d - b'0');
            if v > LIMIT {
                return None;
            }
        }
        rest = &rest[int_len..];
        let (mut fraction, mut scale, mut post) = (0u64, 1f64, false);
        if let Some(after) = rest.strip_prefix('.') {
            let len = after.bytes().take_while(u8::is_ascii_digit).count();
            let mut overflow = false;
            for d in after[..len].bytes() {
                if overflow || fraction > (LIMIT - 1) / 10 {
                    overflow = true;
                    continue;
                }
                let next = fraction * 10 + u64::from(d - b'0');
                if next > LIMIT {
                    overflow = true;
                    continue;
                }
                fraction = next;
                scale *= 10.0;
            }
            post = len > 0;
            rest = &after[len..];
        }
        if int_len == 0 && !post {
            return None;
        }
        let unit_len = rest
            .bytes()
            .take_while(|c| !(*c == b'.' || c.is_ascii_digit()))
            .count();
        let unit: u64 = match &rest[..unit_len] {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return None,
        };
        rest = &rest[unit_len..];
        if v > LIMIT / unit {
            return None;
        }
        v *= unit;
        if fraction > 0 {
            // Go converts through float64 here too.
            v += (fraction as f64 * (unit as f64 / scale)) as u64;
            if v > LIMIT {
                return None;
            }
        }
        total = total.checked_add(v).filter(|t| *t <= LIMIT)?;
    }
    if !negative && total > LIMIT - 1 {
        return None;
    }
    let total = i128::from(total);
    Some(if negative { -total } else { total })
}

/// pflag's StringSlice: empty, or one CSV record `encoding/csv` reads without error.
pub(crate) fn string_slice_ok(s: &str) -> bool {
    s.is_empty() || csv_record(s).is_some()
}

/// pflag's StringToString: `k=v`, or a CSV record of `k=v` fields when there are several `=`.
pub(crate) fn string_to_string_ok(s: &str) -> bool {
    match s.matches('=').count() {
        0 => false,
        1 => true,
        _ => csv_record(s).is_some_and(|fields| fields.iter().all(|f| f.contains('='))),
    }
}

/// The first record `encoding/csv` reads from `s` (comma-separated, `"` quoting, no lazy
/// quotes), or `None` where it fails: a bare `"` in an unquoted field, a quoted field not
/// closed or closed before something other than a comma or the end of the line, or no
/// record at all.
fn csv_record(s: &str) -> Option<Vec<String>> {
    let mut rest = s.trim_start_matches(['\r', '\n']);
    if rest.is_empty() {
        return None;
    }
    let mut fields = Vec::new();
    loop {
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut field = String::new();
            let mut at = quoted;
            loop {
                let close = at.find('"')?;
                field.push_str(&at[..close]);
                let after = &at[close + 1..];
                if let Some(more) = after.strip_prefix('"') {
                    field.push('"');
                    at = more;
                } else if let Some(next) = after.strip_prefix(',') {
                    fields.push(field);
                    rest = next;
                    break;
                } else if after.is_empty() || after.starts_with('\n') || after.starts_with("\r\n") {
                    fields.push(field);
                    return Some(fields);
                } else {
                    return None;
                }
            }
        } else {
            let end = rest.find([',', '\n']).unwrap_or(rest.len());
            let field = rest[..end].trim_end_matches('\r');
            if field.contains('"') {
                return None;
            }
            fields.push(field.to_string());
            match rest[end..].strip_prefix(',') {
                Some(next) => rest = next,
                None => return Some(fields),
            }
        }
    }
}
