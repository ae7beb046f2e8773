// Search on the home page, with the static index that `jaarverslag build` makes in
// pagefind/ (nothing is asked of any other host). The form is in the page, hidden; this
// script shows it. Its words come from the page (the site's language files).
"use strict";
(function () {
  var form = document.querySelector("form[data-search]");
  if (!form) return;
  var input = form.querySelector("input[type=search]");
  var section = form.parentNode;
  var status = section.querySelector("[role=status]");
  var list = section.querySelector("ol.search-results");
  var words = form.dataset;
  var engine = null;
  var asked = 0;
  var timer = 0;
  form.hidden = false;

  function say(text) {
    status.textContent = text;
  }

  function fill(template, query, count) {
    return template.replace("{query}", query).replace("{count}", String(count));
  }

  // pagefind.js is loaded on the first search, not with the page.
  function load() {
    if (!engine) {
      engine = import(words.bundle + "pagefind.js").then(function (pagefind) {
        return pagefind.options({ baseUrl: "/" }).then(function () {
          return pagefind;
        });
      });
    }
    return engine;
  }

  // Results come 20 at a time; a button under the list asks for the next 20.
  var PAGE = 20;
  var pending = [];
  var more = document.createElement("button");
  more.type = "button";
  more.className = "search-more";
  more.hidden = true;
  list.parentNode.insertBefore(more, list.nextSibling);

  function show(results, keep) {
    if (!keep) list.textContent = "";
    results.forEach(function (data) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = (data.meta && data.meta.title) || data.url;
      var excerpt = document.createElement("p");
      // Pagefind's excerpt is the page's text, escaped, with <mark> around the words found.
      excerpt.innerHTML = data.excerpt;
      item.appendChild(link);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    more.hidden = pending.length === 0;
    more.textContent = fill(words.more, "", Math.min(PAGE, pending.length));
  }

  // The next results after the ones shown; focus goes to the first new one, so that a
  // keyboard or screen-reader user reads on where the list grew.
  function next(ask) {
    var batch = pending.splice(0, PAGE);
    return Promise.all(
      batch.map(function (r) {
        return r.data();
      })
    ).then(function (results) {
      if (ask !== asked) return;
      var first = list.children.length;
      show(results, first > 0);
      return first;
    });
  }

  more.addEventListener("click", function () {
    var ask = asked;
    next(ask).then(function (first) {
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) link.focus();
    });
  });

  function run() {
    var query = input.value.trim();
    var ask = ++asked;
    if (!query) {
      list.textContent = "";
      pending = [];
      more.hidden = true;
      say("");
      return;
    }
    say(words.searching);
    load()
      .then(function (pagefind) {
        return pagefind.search(query);
      })
      .then(function (search) {
        if (ask !== asked) return null;
        var found = search.results.length;
        pending = search.results.slice();
        list.textContent = "";
        return next(ask).then(function () {
          if (ask !== asked) return;
          var template = found === 0 ? words.none : found === 1 ? words.one : words.many;
          say(fill(template, query, found));
        });
      })
      .catch(function () {
        engine = null;
        list.textContent = "";
        pending = [];
        more.hidden = true;
        say(words.unavailable);
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 300);
  });
})();
