//! Man pages: one per binary and per subcommand, rendered by `clap_mangen` from the clap
//! command, with the [`Sections`] added and a SEE ALSO linking the pages together.

use std::io::Write;
use std::path::Path;

use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

use crate::binaries::{BINARIES, Binary};
use crate::sections::Sections;

/// Writes every page of both binaries into `out`, as `NAME.1`.
pub fn generate_all(out: &Path) -> std::io::Result<()> {
    BINARIES.iter().try_for_each(|b| generate(b, out, false))
}

/// Writes every page of `binary` into `out`, as `NAME.1`, or `NAME.1.gz` when `gzip`.
pub fn generate(binary: &Binary, out: &Path, gzip: bool) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    let mut command = (binary.command)().disable_help_subcommand(true);
    command.build();
    write_tree(&command, binary.sections, None, out, gzip)
}

/// Writes the page of `command` and of each of its subcommands.
fn write_tree(
    command: &clap::Command,
    sections: &Sections,
    parent: Option<&str>,
    out: &Path,
    gzip: bool,
) -> std::io::Result<()> {
    let name = page_name(command);
    let children: Vec<&clap::Command> = command
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .collect();
    let mut page = Vec::new();
    let man = Man::new(command.clone()).date("").manual("gitops-feedback");
    man.render(&mut page)?;
    let mut extra = Roff::new();
    if parent.is_none() {
        section(&mut extra, "ENVIRONMENT", sections.environment);
        section(&mut extra, "FILES", sections.files);
    }
    section(&mut extra, "EXIT STATUS", sections.exit_status);
    let mut see_also: Vec<String> = parent.map(String::from).into_iter().collect();
    see_also.extend(children.iter().map(|c| page_name(c)));
    if !see_also.is_empty() {
        extra.control("SH", ["SEE ALSO"]);
        let list = see_also
            .iter()
            .map(|n| format!("{n}(1)"))
            .collect::<Vec<_>>()
            .join(", ");
        extra.text([roman(list)]);
    }
    page.extend_from_slice(extra.to_roff().as_bytes());
    let file = out.join(format!("{name}.1{}", if gzip { ".gz" } else { "" }));
    if gzip {
        // No name and no time in the header: the same page gives the same bytes.
        let mut encoder = flate2::GzBuilder::new()
            .mtime(0)
            .write(std::fs::File::create(&file)?, flate2::Compression::best());
        encoder.write_all(&page)?;
        encoder.finish()?;
    } else {
        std::fs::write(&file, &page)?;
    }
    for child in children {
        write_tree(child, sections, Some(&name), out, gzip)?;
    }
    Ok(())
}

/// `gitops-telemetry-send` for `gitops telemetry send`.
fn page_name(command: &clap::Command) -> String {
    command
        .get_display_name()
        .unwrap_or_else(|| command.get_name())
        .to_owned()
}

/// A section of (term, meaning) paragraphs, as man pages list options.
fn section(roff: &mut Roff, title: &str, entries: &[(&str, &str)]) {
    roff.control("SH", [title]);
    for (term, meaning) in entries {
        roff.control("TP", [] as [&str; 0]);
        roff.text([bold(*term)]);
        roff.text([roman(*meaning)]);
    }
}
