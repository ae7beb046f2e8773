use super::*;

fn open(dir: &Path) -> Cache {
    Cache::open(dir).unwrap()
}

#[test]
fn an_entry_is_read_back_by_its_kind_and_key_only() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cache");
    let cache = open(&dir);
    assert_eq!(cache.get("png", "00ff"), None);
    cache.put("png", "00ff", b"drawn");
    assert_eq!(cache.get("png", "00ff").as_deref(), Some(&b"drawn"[..]));
    assert_eq!(cache.get("png", "00fe"), None);
    assert_eq!(cache.get("search", "00ff"), None);
    // Names that could leave the folder are neither written nor read.
    cache.put("png", "../x", b"no");
    assert_eq!(cache.get("png", "../x"), None);
    assert!(!tmp.path().join("x").exists());
    let stats = cache.finish();
    assert_eq!((stats.hits, stats.stored), (1, 1));
    // Another build finds it.
    let cache = open(&dir);
    assert_eq!(cache.get("png", "00ff").as_deref(), Some(&b"drawn"[..]));
}

#[test]
fn a_corrupted_or_foreign_entry_is_ignored() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = open(tmp.path());
    cache.put("png", "aaaa", b"the image of aaaa");
    cache.put("png", "bbbb", b"the image of bbbb");
    let path = |key: &str| tmp.path().join("png").join(key);
    // A byte flipped in the bytes.
    let mut bytes = std::fs::read(path("aaaa")).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(path("aaaa"), &bytes).unwrap();
    assert_eq!(cache.get("png", "aaaa"), None);
    // Cut short.
    let bytes = std::fs::read(path("bbbb")).unwrap();
    std::fs::write(path("cccc"), &bytes[..bytes.len() - 3]).unwrap();
    assert_eq!(cache.get("png", "cccc"), None);
    // Another key's whole entry under this key's name (copied, or a foreign cache).
    std::fs::copy(path("bbbb"), path("dddd")).unwrap();
    assert_eq!(cache.get("png", "dddd"), None);
    // Another kind's entry.
    std::fs::create_dir_all(tmp.path().join("search")).unwrap();
    std::fs::copy(path("bbbb"), tmp.path().join("search/bbbb")).unwrap();
    assert_eq!(cache.get("search", "bbbb"), None);
    // Not an entry at all, and an empty file.
    std::fs::write(path("eeee"), b"\x89PNG just a png").unwrap();
    assert_eq!(cache.get("png", "eeee"), None);
    std::fs::write(path("ffff"), b"").unwrap();
    assert_eq!(cache.get("png", "ffff"), None);
    // A link is not followed.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(path("bbbb"), path("0000")).unwrap();
        assert_eq!(cache.get("png", "0000"), None);
    }
    // The whole entry is still good.
    assert_eq!(
        cache.get("png", "bbbb").as_deref(),
        Some(&b"the image of bbbb"[..])
    );
    // A damaged entry is replaced by the next put, not appended to.
    cache.put("png", "aaaa", b"drawn again");
    assert_eq!(
        cache.get("png", "aaaa").as_deref(),
        Some(&b"drawn again"[..])
    );
}

#[test]
fn entries_no_build_used_for_a_while_are_dropped() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = open(tmp.path());
    cache.put("png", "old", b"1");
    cache.put("png", "kept", b"2");
    cache.finish();
    // A killed build's temporary file.
    std::fs::write(tmp.path().join("png/.tmp-1-1"), b"half").unwrap();
    for build in 1..=KEEP_BUILDS {
        let cache = open(tmp.path());
        assert!(cache.get("png", "kept").is_some());
        let stats = cache.finish();
        assert!(!tmp.path().join("png/.tmp-1-1").exists());
        let old_there = tmp.path().join("png/old").exists();
        if build < KEEP_BUILDS {
            assert!(old_there, "dropped after {build} builds");
            assert_eq!(stats.dropped, 0);
        } else {
            assert!(!old_there, "kept after {build} builds");
            assert_eq!(stats.dropped, 1);
        }
    }
    assert!(tmp.path().join("png/kept").exists());
    // A lost index: every entry is dated from now, none dropped at once.
    std::fs::write(tmp.path().join(INDEX), "garbage").unwrap();
    assert_eq!(open(tmp.path()).finish().dropped, 0);
    assert!(tmp.path().join("png/kept").exists());
}

#[test]
fn a_folder_of_other_files_is_not_taken_as_a_cache() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("notes")).unwrap();
    std::fs::write(tmp.path().join("notes/old"), b"mine").unwrap();
    let refused = Cache::open(tmp.path()).unwrap_err();
    assert!(refused.contains("is not a build cache"), "{refused}");
    assert!(tmp.path().join("notes/old").exists());
    // A file is not a folder either.
    let file = tmp.path().join("notes/old");
    assert!(Cache::open(&file).unwrap_err().contains("not a folder"));
    // A new folder is made and marked when the first entry is stored; it is then a cache.
    let new = tmp.path().join("new/cache");
    open(&new).finish();
    assert!(!new.exists());
    let cache = open(&new);
    cache.put("png", "aa", b"x");
    cache.finish();
    assert!(new.join(TAG).is_file());
    assert!(Cache::open(&new).is_ok());
}

#[test]
fn a_build_that_fails_takes_away_what_it_stored() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cache");
    // The first build fails: not even the folder is left.
    let cache = open(&dir);
    cache.put("png", "aa", b"x");
    assert!(dir.join("png/aa").is_file());
    drop(cache);
    assert!(!dir.exists());
    // A later one keeps what earlier builds stored, and takes away its own.
    let cache = open(&dir);
    cache.put("png", "aa", b"x");
    cache.finish();
    let index = std::fs::read(dir.join(INDEX)).unwrap();
    let cache = open(&dir);
    assert!(cache.get("png", "aa").is_some());
    cache.put("png", "bb", b"y");
    drop(cache);
    assert!(dir.join("png/aa").is_file());
    assert!(!dir.join("png/bb").exists());
    assert_eq!(std::fs::read(dir.join(INDEX)).unwrap(), index);
}

#[test]
fn an_entry_kept_elsewhere_is_noted_as_used_or_stored() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = open(tmp.path());
    assert!(!cache.keep("png", "aa", || Some(b"x".to_vec())));
    assert!(cache.keep("png", "aa", || panic!("read again")));
    assert_eq!(cache.get("png", "aa").as_deref(), Some(&b"x"[..]));
    assert!(!cache.keep("png", "bb", || None));
    assert_eq!(cache.get("png", "bb"), None);
}
