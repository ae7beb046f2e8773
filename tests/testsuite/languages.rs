//! Languages, kinds and words as data: which way is better, and sites in one language or
//! three that the theme's languages build with no code of their own.

use crate::site_test::*;

/// `better:` on a metric colours a change and says it in words; without it, neither.
#[test]
fn a_change_is_good_or_bad_news_only_where_the_metric_says_which_way_is_better() {
    // weglopers falls from 1,400 (2019) to 1,050 (2020).
    let fall = "−25% <span>t.o.v. 2019</span>";
    let neutral = TestSite::new("basic");
    neutral.build_ok();
    let page = neutral.page("2020/index.html");
    assert_contains!(page, &format!("<p class=\"verandering down\">{fall}</p>"));
    assert_lacks!(page, "verbetering");
    for (better, class, words) in [
        ("down", "better", "(een verbetering)"),
        ("up", "worse", "(een verslechtering)"),
    ] {
        let site = TestSite::new("basic").with_replaced(
            "content/metrics.yaml",
            "  headline: true\n",
            &format!("  headline: true\n  better: {better}\n"),
        );
        site.build_ok();
        let page = site.page("2020/index.html");
        assert_contains!(
            page,
            &format!(
                "<p class=\"verandering down {class}\">{fall} <span class=\"oordeel\">{words}</span></p>"
            )
        );
        // The tables say it too.
        assert_contains!(
            site.page("cijfers/weglopers/index.html"),
            &format!("−25% t.o.v. 2019 {words}")
        );
    }
    // The colours belong to good and bad news, not to a rise and a fall.
    let css = std::fs::read_dir(neutral.path("public"))
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with("style."))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .unwrap();
    assert_contains!(css, ".verandering.better { color: var(--better); }");
    assert_lacks!(css, ".verandering.up {");
    assert_lacks!(css, ".verandering.down {");
}
