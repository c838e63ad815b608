// The web directory's filters: everything is in the page as plain HTML, and this only
// hides the activities that do not match. With scripts off the form stays hidden and
// the full list shows. Nothing is fetched and no listing text is written as HTML.
"use strict";
(function () {
  var form = document.getElementById("filters");
  var list = document.getElementById("activity-cards");
  var count = document.getElementById("filter-count");
  var none = document.getElementById("filter-no-match");

  // A hub's calendar as a subscription address (webcal: on the page's own host).
  document.querySelectorAll("a[data-subscribe]").forEach(function (link) {
    var address = new URL(link.getAttribute("href"), window.location.href);
    if (address.protocol !== "http:" && address.protocol !== "https:") return;
    var subscribe = document.createElement("a");
    subscribe.href = "webcal://" + address.host + address.pathname;
    subscribe.textContent = "Subscribe in your calendar app";
    link.parentNode.appendChild(document.createTextNode(" · "));
    link.parentNode.appendChild(subscribe);
  });

  if (!form || !list) return;
  var items = Array.prototype.slice.call(list.querySelectorAll("li.activity"));

  function words(item, name) {
    var value = item.getAttribute("data-" + name) || "";
    return value ? value.split(" ") : [];
  }

  function matches(item, chosen) {
    if (chosen.area && words(item, "areas").indexOf(chosen.area) < 0) return false;
    if (chosen.site && words(item, "sites").indexOf(chosen.site) < 0) return false;
    if (chosen.mode && words(item, "modes").indexOf(chosen.mode) < 0) return false;
    // An activity with no set days (by appointment, self-paced) fits any day.
    var anyDay = item.getAttribute("data-any-day") === "yes";
    if (chosen.day && !anyDay && words(item, "days").indexOf(chosen.day) < 0) return false;
    if (chosen.age === "pregnancy") return item.getAttribute("data-antenatal") === "yes";
    if (chosen.age !== "") {
      // The ages reached are half-open spans [low, high) in years (hubctl's age_reach):
      // a child of 2 is 2 until their third birthday, so 2 fits a span that meets [2, 3).
      var age = Number(chosen.age);
      return words(item, "ages").some(function (span) {
        var ends = span.split("-");
        return Number(ends[0]) < age + 1 && age < Number(ends[1]);
      });
    }
    return true;
  }

  function apply() {
    var chosen = {
      area: form.elements.area.value,
      age: form.elements.age.value,
      day: form.elements.day.value,
      site: form.elements.site.value,
      mode: form.elements.mode.value
    };
    var shown = 0;
    items.forEach(function (item) {
      var keep = matches(item, chosen);
      item.hidden = !keep;
      if (keep) shown += 1;
    });
    var total = items.length;
    count.textContent = shown === total
      ? total + (total === 1 ? " activity." : " activities.")
      : "Showing " + shown + " of " + total + (total === 1 ? " activity." : " activities.");
    none.hidden = shown !== 0;
  }

  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  apply();
})();
