//! The privacy rule over random command lines: only names of the tree come out, as a pair
//! the vocabulary allows, recorded or not.

use super::super::tree::Command;
use super::*;
use proptest::prelude::*;

/// Every command name, alias and flag form of the tree, and a few words cobra treats apart.
fn tree_words(vocab: &Vocabulary) -> Vec<String> {
    fn walk(cmd: &Command, out: &mut Vec<String>) {
        for flag in cmd.flags.iter() {
            out.extend(flag.long.iter().map(|l| format!("--{l}")));
            out.extend(flag.short.iter().map(|s| format!("-{}", char::from(*s))));
        }
        for (name, child) in cmd.children.iter() {
            out.push(name.to_string());
            out.extend(child.aliases.iter().map(|a| a.to_string()));
            walk(child, out);
        }
    }
    let mut out: Vec<String> = [
        "--",
        "-",
        "",
        "--help",
        "-h",
        "-h=false",
        "--no-analytics",
        "-nv",
        "---x",
    ]
    .map(String::from)
    .to_vec();
    walk(&vocab.tree.root, &mut out);
    out
}

fn word(pool: Vec<String>) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(pool.clone()),
        1 => (prop::sample::select(pool), "[a-z0-9=,]{0,6}").prop_map(|(w, v)| format!("{w}={v}")),
        // Anything at all, including secrets, unicode and flag-looking words.
        1 => any::<String>(),
        1 => "-{1,2}[a-zA-Z]{1,4}",
        1 => "[a-z-]{1,12}",
    ]
}

fn version() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        prop::sample::select(vec![
            "v0.6.0", "0.7.0", "v0.9.4", "0.11.0", "v0.28.0", "v0.29.0", "0.38.0", "9.9.9"
        ])
        .prop_map(|v| Some(v.to_string())),
        any::<String>().prop_map(Some),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn nothing_outside_the_vocabulary_comes_out(
        argv in prop::collection::vec(word(tree_words(&Vocabulary::builtin())), 0..9),
        version in version(),
    ) {
        let vocab = Vocabulary::builtin();
        let names = vocab.names();
        let r = vocab.reduce_at(&argv, version.as_deref());
        prop_assert!(r.object.is_empty() || names.contains(&r.object), "object {:?}", r.object);
        prop_assert!(names.contains(&r.command), "command {:?}", r.command);
        prop_assert!(vocab.allows(&r.object, &r.command), "{:?} {:?}", r.object, r.command);
        let words: Vec<&String> = r.words.iter().map(|(w, _)| w).collect();
        prop_assert_eq!(words, argv.iter().collect::<Vec<_>>());
        for (_, fate) in &r.words {
            if let Fate::Command(name) = fate {
                prop_assert!(names.contains(name), "fate {:?}", name);
            }
        }
    }
}
