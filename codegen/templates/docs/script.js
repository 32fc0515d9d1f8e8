(function () {
  "use strict";
  var input = document.getElementById("search");
  var count = document.getElementById("search-count");
  var noResults = document.getElementById("no-results");
  var noResultsQuery = document.getElementById("no-results-query");
  var types = Array.prototype.slice.call(document.querySelectorAll("article.type"));
  var packages = Array.prototype.slice.call(document.querySelectorAll("section.package"));
  var navPackages = Array.prototype.slice.call(document.querySelectorAll(".nav-package"));
  var navItems = {};
  Array.prototype.forEach.call(document.querySelectorAll(".sidebar li[data-target]"), function (li) {
    navItems[li.getAttribute("data-target")] = li;
  });
  var total = types.length;

  function plural(n) { return n === 1 ? "1 type" : n + " types"; }

  // Every word of the query must occur in the type's qualified name, kind, doc or field names.
  function filter(query) {
    var words = query.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
    var shown = 0;
    types.forEach(function (article) {
      var text = article.getAttribute("data-search") || "";
      var match = words.every(function (w) { return text.indexOf(w) !== -1; });
      article.hidden = !match;
      var li = navItems[article.id];
      if (li) { li.hidden = !match; }
      if (match) { shown += 1; }
    });
    packages.forEach(function (section) {
      section.hidden = !section.querySelector("article.type:not([hidden])");
    });
    navPackages.forEach(function (div) {
      div.hidden = !div.querySelector("li:not([hidden])");
    });
    count.textContent = words.length ? shown + " of " + plural(total) : plural(total);
    noResults.hidden = shown !== 0;
    noResultsQuery.textContent = query;
    return shown;
  }

  input.addEventListener("input", function () { filter(input.value); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      input.value = "";
      filter("");
      input.blur();
    } else if (event.key === "Enter") {
      var first = types.filter(function (a) { return !a.hidden; })[0];
      if (first) { location.hash = first.id; }
    }
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA");
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });

  // Highlight the navigation entry of the type in view.
  var current = null;
  function setCurrent(id) {
    var li = navItems[id];
    if (!li || li === current) { return; }
    if (current) { current.firstElementChild.classList.remove("current"); }
    current = li;
    var link = li.firstElementChild;
    link.classList.add("current");
    var nav = document.getElementById("sidebar");
    var top = li.offsetTop, bottom = top + li.offsetHeight;
    if (top < nav.scrollTop || bottom > nav.scrollTop + nav.clientHeight) {
      nav.scrollTop = top - nav.clientHeight / 3;
    }
  }
  // The current type is the last visible one whose top is above 40% of the window.
  var scheduled = false;
  function onScroll() {
    scheduled = false;
    var line = window.innerHeight * 0.4;
    var found = null;
    for (var i = 0; i < types.length; i++) {
      var article = types[i];
      if (article.hidden) { continue; }
      if (article.getBoundingClientRect().top > line) { break; }
      found = article;
    }
    if (found) { setCurrent(found.id); }
  }
  window.addEventListener("scroll", function () {
    if (!scheduled) {
      scheduled = true;
      window.requestAnimationFrame(onScroll);
    }
  }, { passive: true });

  // `index.html?q=words` opens the page filtered.
  var initial = "";
  try {
    initial = new URLSearchParams(window.location.search).get("q") || "";
  } catch (e) {
    initial = "";
  }
  if (initial) { input.value = initial; }
  filter(input.value);
  onScroll();
  document.documentElement.setAttribute("data-ready", "true");
})();
