//! Reading a vocabulary file (`assets/commands.toml` or an alternative one) into a [`Tree`].
//!
//! Owns the file format: which keys a table may have, what each value must look like, the
//! defaults of missing keys and the old format (a file without `release_tags`). Every error
//! names the key and the value at fault; the caller adds the file. No walking of command
//! lines here.

use std::collections::BTreeMap;

use super::list::{List, Name};
use super::releases::{NEVER, Releases, Span};
use super::tree::{Command, Flag, Kind, Tree};

/// The keys of a command table that are not subcommands.
const COMMAND_KEYS: [&str; 10] = [
    "releases",
    "runnable",
    "disable_flag_parsing",
    "aliases",
    "value_flags",
    "bool_flags",
    "persistent_value_flags",
    "persistent_bool_flags",
    "flag_releases",
    "flag_types",
];

/// The keys only the top of the file has.
const TOP_KEYS: [&str; 3] = ["release_tags", "cobra", "help_flags"];

/// The flag lists of a command table: key, takes a value, persistent.
const FLAG_LISTS: [(&str, bool, bool); 4] = [
    ("value_flags", true, false),
    ("bool_flags", false, false),
    ("persistent_value_flags", true, true),
    ("persistent_bool_flags", false, true),
];

/// The tree of a parsed file; errors name the key and the value.
pub(crate) fn tree(table: &toml::Table) -> Result<Tree, String> {
    let mut releases = match table.get("release_tags") {
        Some(tags) => Releases::new(strings(tags, "release_tags")?)?,
        None => Releases::default(),
    };
    let reader = Reader {
        old: releases.is_empty(),
        releases: releases.clone(),
    };
    if let Some(cobra) = table.get("cobra") {
        let versions = cobra
            .as_table()
            .ok_or("cobra must be a table of cobra versions and their releases")?;
        for (version, ranges) in versions {
            let key = format!("cobra.{version}");
            let span = reader.span(&key, ranges)?;
            releases.set_cobra(version, &span)?;
        }
    }
    let help = match table.get("help_flags") {
        Some(forms) => parse_flags(&strings(forms, "help_flags")?, "help_flags", false, false)?,
        None => parse_flags(&["--help".into(), "-h".into()], "help_flags", false, false)?,
    };
    let root = reader.command(table, "")?;
    Ok(Tree {
        root,
        releases,
        help: List::Owned(help),
        lenient_flags: reader.old,
    })
}

struct Reader {
    /// No `release_tags`: the old format, whose keys only the lenient defaults complete.
    old: bool,
    releases: Releases,
}

impl Reader {
    /// A list of release ranges.
    fn span(&self, key: &str, value: &toml::Value) -> Result<Span, String> {
        let ranges = strings(value, key)?;
        if self.old {
            return Err(format!("{key} needs release_tags at the top of the file"));
        }
        self.releases.span(key, &ranges)
    }

    /// `true`, `false` or a list of release ranges.
    fn switch(
        &self,
        key: &str,
        value: Option<&toml::Value>,
        missing: bool,
    ) -> Result<Span, String> {
        match value {
            None => Ok(if missing { Span::Always } else { NEVER }),
            Some(toml::Value::Boolean(true)) => Ok(Span::Always),
            Some(toml::Value::Boolean(false)) => Ok(NEVER),
            Some(toml::Value::Array(_)) => self.span(key, value.expect("given")),
            Some(other) => Err(format!(
                "{key} must be true, false or a list of releases, not {other}"
            )),
        }
    }

    /// The command of `table`, whose dotted path is `path` (empty for the root).
    fn command(&self, table: &toml::Table, path: &str) -> Result<Command, String> {
        let key = |k: &str| match path {
            "" => k.to_string(),
            _ => format!("{path}.{k}"),
        };
        let releases = match table.get("releases") {
            Some(ranges) => self.span(&key("releases"), ranges)?,
            None => Span::Always,
        };
        let runnable = self.switch(&key("runnable"), table.get("runnable"), true)?;
        let flags_unparsed = self.switch(
            &key("disable_flag_parsing"),
            table.get("disable_flag_parsing"),
            false,
        )?;
        let aliases = match table.get("aliases") {
            Some(list) => strings(list, &key("aliases"))?,
            None => Vec::new(),
        };
        let mut flags = Vec::new();
        for (list, takes_value, persistent) in FLAG_LISTS {
            if let Some(forms) = table.get(list) {
                // The old format's top-level flags applied everywhere.
                let persistent = persistent || (self.old && path.is_empty());
                let forms = strings(forms, &key(list))?;
                flags.append(&mut parse_flags(
                    &forms,
                    &key(list),
                    takes_value,
                    persistent,
                )?);
            }
        }
        let here = if path.is_empty() {
            "the top table"
        } else {
            path
        };
        no_repeats(&flags, here)?;
        if let Some(spans) = table.get("flag_releases") {
            self.flag_releases(&mut flags, spans, &key("flag_releases"))?;
        }
        shared_shorthands(&flags, here)?;
        if let Some(types) = table.get("flag_types") {
            self.flag_types(&mut flags, types, &key("flag_types"))?;
        }
        let mut children = BTreeMap::new();
        for (name, value) in table {
            if COMMAND_KEYS.contains(&name.as_str())
                || (path.is_empty() && TOP_KEYS.contains(&name.as_str()))
            {
                continue;
            }
            let child = value.as_table().ok_or_else(|| {
                format!(
                    "{} is neither a command (a table) nor a key of a command table",
                    key(name)
                )
            })?;
            let valid = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !valid {
                return Err(format!(
                    "command name {name:?} must be letters, digits, '-' or '_'"
                ));
            }
            let child = self.command(child, &key(name))?;
            children.insert(name.clone(), child);
        }
        Ok(Command {
            releases,
            runnable,
            flags_unparsed,
            aliases: aliases.into_iter().map(Name::Owned).collect(),
            flags: List::Owned(flags),
            children: children
                .into_iter()
                .map(|(name, child)| (Name::Owned(name), child))
                .collect(),
        })
    }

    /// `flag_releases = { "--x" = [...], "-x" = [...], "--y/-x" = [...] }`: a shorthand
    /// without its own entry follows its long form; `"--y/-x"` is the shorthand `-x` of
    /// `--y`, for a letter that several flags of the command had, each in its own releases.
    fn flag_releases(
        &self,
        flags: &mut [Flag],
        value: &toml::Value,
        key: &str,
    ) -> Result<(), String> {
        let table = value
            .as_table()
            .ok_or_else(|| format!("{key} must be a table of flags and their releases"))?;
        let (longs, shorts): (Vec<_>, Vec<_>) =
            table.iter().partition(|(f, _)| f.starts_with("--"));
        for (form, ranges) in longs.into_iter().chain(shorts) {
            let span = self.span(&format!("{key}.{form}"), ranges)?;
            let flag = find(flags, form)
                .ok_or_else(|| format!("{key}: {form:?} is not a flag of this command"))?;
            // A long form, or a shorthand-only flag's one form, is the flag itself.
            if form.starts_with("--") || flag.long.is_none() {
                flag.releases = span.clone();
            }
            flag.short_releases = span;
        }
        Ok(())
    }

    /// `flag_types = { "--x" = "Duration", "--y" = { String = [...], StringSlice = [...] } }`.
    fn flag_types(&self, flags: &mut [Flag], value: &toml::Value, key: &str) -> Result<(), String> {
        let table = value
            .as_table()
            .ok_or_else(|| format!("{key} must be a table of flags and their pflag types"))?;
        for (form, kind) in table {
            let here = format!("{key}.{form}");
            let flag = find(flags, form)
                .filter(|_| form.starts_with("--"))
                .ok_or_else(|| format!("{key}: {form:?} is not a long flag of this command"))?;
            flag.kinds = match kind {
                toml::Value::String(name) => List::Owned(vec![(Kind::of(name), Span::Always)]),
                toml::Value::Table(per_release) => per_release
                    .iter()
                    .map(|(name, ranges)| {
                        Ok((
                            Kind::of(name),
                            self.span(&format!("{here}.{name}"), ranges)?,
                        ))
                    })
                    .collect::<Result<_, String>>()?,
                other => {
                    return Err(format!(
                        "{here} must be a pflag type or a table of types and their releases, not {other}"
                    ));
                }
            };
        }
        Ok(())
    }
}

/// The flags of a list of forms: a one-letter form right after a long one is its shorthand.
fn parse_flags(
    forms: &[String],
    key: &str,
    takes_value: bool,
    persistent: bool,
) -> Result<Vec<Flag>, String> {
    let mut out: Vec<Flag> = Vec::new();
    let mut after_long = false;
    for form in forms {
        let long = form.strip_prefix("--");
        let short = form.strip_prefix('-').filter(|_| long.is_none());
        let flag = |long: Option<Name>, short: Option<u8>| Flag {
            long,
            short,
            takes_value,
            persistent,
            releases: Span::Always,
            short_releases: Span::Always,
            kinds: List::Borrowed(&[]),
        };
        match (long, short) {
            (Some(name), _)
                if !name.is_empty()
                    && !name.starts_with('-')
                    && !name.contains('=')
                    && !name.chars().any(|c| c.is_whitespace() || c.is_control()) =>
            {
                out.push(flag(Some(Name::Owned(name.to_string())), None));
                after_long = true;
                continue;
            }
            (None, Some(letter))
                if letter.len() == 1
                    && letter
                        .bytes()
                        .all(|b| b.is_ascii_graphic() && b != b'-' && b != b'=') =>
            {
                let c = letter.as_bytes()[0];
                match out.last_mut() {
                    Some(last) if after_long => last.short = Some(c),
                    _ => out.push(flag(None, Some(c))),
                }
                after_long = false;
                continue;
            }
            _ => return Err(format!("{key}: {form:?} is not a flag (--name or -x)")),
        }
    }
    Ok(out)
}

/// The flag of this command a form names.
fn find<'f>(flags: &'f mut [Flag], form: &str) -> Option<&'f mut Flag> {
    if let Some((long, short)) = form.split_once('/') {
        let (long, short) = (long.strip_prefix("--")?, short.strip_prefix('-')?);
        return flags.iter_mut().find(|f| {
            f.long.as_deref() == Some(long) && short.len() == 1 && f.short == short.bytes().next()
        });
    }
    flags.iter_mut().find(|f| match form.strip_prefix("--") {
        Some(long) => f.long.as_deref() == Some(long),
        None => {
            form.len() == 2 && form.starts_with('-') && f.short == form.as_bytes().get(1).copied()
        }
    })
}

fn no_repeats(flags: &[Flag], key: &str) -> Result<(), String> {
    for (i, flag) in flags.iter().enumerate() {
        let earlier = &flags[..i];
        if let Some(long) = &flag.long
            && earlier.iter().any(|f| f.long.as_ref() == Some(long))
        {
            return Err(format!("{key}: --{long} is listed twice"));
        }
    }
    Ok(())
}

/// A shorthand listed for several flags must be theirs in releases apart (given by
/// `flag_releases` as `"--long/-x"`): pflag refuses one letter for two flags of one set.
fn shared_shorthands(flags: &[Flag], key: &str) -> Result<(), String> {
    for (i, flag) in flags.iter().enumerate() {
        let Some(short) = flag.short else { continue };
        if flags[..i]
            .iter()
            .any(|f| f.short == Some(short) && !f.short_releases.disjoint(&flag.short_releases))
        {
            return Err(format!(
                "{key}: -{} is listed twice in the same releases",
                char::from(short)
            ));
        }
    }
    Ok(())
}

fn strings(value: &toml::Value, key: &str) -> Result<Vec<String>, String> {
    let toml::Value::Array(items) = value else {
        return Err(format!("{key} must be a list of strings"));
    };
    items
        .iter()
        .map(|v| {
            v.as_str()
                .map(str::to_string)
                .ok_or_else(|| format!("{key} must list strings, not {v}"))
        })
        .collect()
}
