use std::os::unix::fs::{PermissionsExt, symlink};

use super::*;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn files_and_directories_are_private_from_the_first_write() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("data");
    let file = dir.join("pending.jsonl");
    open_append(&file).unwrap();
    assert_eq!((mode(&dir), mode(&file)), (0o700, 0o600));
    let other = dir.join("update-check.json");
    write_atomic(&other, b"{}").unwrap();
    assert_eq!(mode(&other), 0o600);
    let wide = dir.join("sent.jsonl");
    std::fs::write(&wide, b"").unwrap();
    std::fs::set_permissions(&wide, std::fs::Permissions::from_mode(0o644)).unwrap();
    open_append(&wide).unwrap();
    assert_eq!(mode(&wide), 0o600, "an old file is tightened when written");
}

#[test]
fn links_are_never_followed() {
    let home = tempfile::tempdir().unwrap();
    let target = home.path().join("target");
    std::fs::write(&target, b"precious").unwrap();
    let link = home.path().join("pending.jsonl");
    symlink(&target, &link).unwrap();
    for result in [
        open_append(&link).map(drop),
        open_lock(&link).map(drop),
        touch(&link),
        read_limited(&link, 100).map(drop),
        write_atomic(&link, b"new"),
    ] {
        let err = result.unwrap_err().to_string();
        assert!(err.contains("symbolic link"), "{err}");
    }
    assert_eq!(std::fs::read(&target).unwrap(), b"precious");
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
}

#[test]
fn reads_are_bounded_and_refuse_devices() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("config.toml");
    std::fs::write(&file, vec![b'a'; 2000]).unwrap();
    let err = read_limited(&file, 1024).unwrap_err();
    assert!(err.to_string().contains("larger than 1 KiB"), "{err}");
    assert_eq!(read_limited(&file, 2000).unwrap().unwrap().len(), 2000);
    assert_eq!(read_limited(&home.path().join("none"), 10).unwrap(), None);
    let err = read_limited(Path::new("/dev/zero"), 1024).unwrap_err();
    assert!(err.to_string().contains("not a regular file"), "{err}");
}

#[test]
fn temporary_files_of_an_interrupted_rewrite_are_found() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("pending.jsonl");
    let tmp = temp_for(&path).unwrap();
    let (_, left) = tmp.keep().unwrap();
    let name = left.file_name().unwrap().to_string_lossy().into_owned();
    assert!(is_temp(&name), "{name}");
    assert_eq!(remove_temps(&path, std::time::Duration::from_secs(3600)), 0);
    assert_eq!(remove_temps(&path, std::time::Duration::ZERO), 1);
    assert!(!left.exists());
}

#[test]
fn lines_are_capped() {
    let text = b"one\ntwo-is-long\n\nlast";
    let lines: Vec<Line> = Lines::new(&text[..], 0, 5)
        .collect::<io::Result<_>>()
        .unwrap();
    let shown: Vec<(u64, &[u8], bool, bool)> = lines
        .iter()
        .map(|l| (l.offset, l.bytes.as_slice(), l.too_long, l.ended))
        .collect();
    assert_eq!(
        shown,
        [
            (0, &b"one"[..], false, true),
            (4, &b""[..], true, true),
            (16, &b""[..], false, true),
            (17, &b"last"[..], false, false),
        ]
    );
}
