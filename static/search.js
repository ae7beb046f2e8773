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
  var list = section.querySelector("ol.zoekresultaten");
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

  function show(results) {
    list.textContent = "";
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
  }

  function run() {
    var query = input.value.trim();
    var ask = ++asked;
    if (!query) {
      list.textContent = "";
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
        return Promise.all(
          search.results.slice(0, 20).map(function (r) {
            return r.data();
          })
        ).then(function (results) {
          if (ask !== asked) return;
          show(results);
          var template = found === 0 ? words.none : found === 1 ? words.one : words.many;
          say(fill(template, query, found));
        });
      })
      .catch(function () {
        engine = null;
        list.textContent = "";
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
