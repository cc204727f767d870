// Live preview while typing: the server renders it (the same code as a real reply).
// Without this script the "Show preview" button does the same with a page reload.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("edit-form");
  const target = document.getElementById("preview");
  const status = document.getElementById("preview-status");
  if (!form || !target || !form.dataset.preview) return;
  let timer = null;
  let sent = 0;
  async function refresh() {
    const mine = ++sent;
    const body = new URLSearchParams(new FormData(form));
    try {
      const response = await fetch(form.dataset.preview, {method: "POST", body, credentials: "same-origin"});
      if (!response.ok || mine !== sent) return;
      target.innerHTML = await response.text();
      if (status) status.textContent = status.dataset.done || "";
    } catch (error) { /* keep the last preview; the button still works */ }
  }
  form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(refresh, 400); });
});

// The weekly hours grid (templates/_hours_grid.html): the form works without this script,
// which only adds and removes rows, hides the times of a day that is not "times", and picks
// the "grid" or "expression" radio for whichever the staff member edits.
document.addEventListener("DOMContentLoaded", () => {
  const grid = document.getElementById("hours-grid");
  const form = document.getElementById("edit-form");
  if (!grid || !form) return;
  const changed = () => form.dispatchEvent(new Event("input", {bubbles: true}));
  const isEmpty = (row) => [...row.querySelectorAll("input")].every((input) => !input.value);
  function renumber(rows) {
    [...rows.querySelectorAll("[data-row]")].forEach((row, index) => {
      row.querySelectorAll("[data-label]").forEach((element) => {
        element.setAttribute("aria-label", element.dataset.label.replace("{n}", index + 1));
      });
    });
  }
  function showTimes(select) {
    const spans = select.closest("tr").querySelector("[data-spans]");
    if (spans) spans.hidden = select.value !== "hours";
  }
  grid.querySelectorAll("[data-rows]").forEach((rows) => {
    // Without the script an empty row stands ready to be filled; with it, "add" makes one.
    const all = rows.querySelectorAll("[data-row]");
    if (all.length > 1 && isEmpty(all[all.length - 1])) all[all.length - 1].remove();
  });
  grid.querySelectorAll("[data-add], [data-remove]").forEach((button) => { button.hidden = false; });
  grid.querySelectorAll("[data-choice]").forEach(showTimes);
  grid.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add]");
    const remove = event.target.closest("[data-remove]");
    if (add) {
      const rows = document.getElementById(add.dataset.add);
      const copy = rows.querySelector("[data-row]").cloneNode(true);
      copy.querySelectorAll("input").forEach((input) => { input.value = ""; });
      copy.querySelectorAll("select").forEach((select) => { select.selectedIndex = 0; });
      rows.appendChild(copy);
      renumber(rows);
      copy.querySelector("input").focus();
    } else if (remove) {
      const row = remove.closest("[data-row]");
      const rows = row.parentElement;
      if (rows.querySelectorAll("[data-row]").length > 1) {
        row.remove();
        renumber(rows);
        (rows.querySelector("input") || rows).focus();
      } else {
        row.querySelectorAll("input").forEach((input) => { input.value = ""; });
        row.querySelector("input").focus();
      }
      changed();
    }
  });
  grid.addEventListener("change", (event) => {
    if (event.target.matches("[data-choice]")) showTimes(event.target);
  });
  const pick = (mode) => {
    const radio = document.getElementById(`m-${mode}`);
    if (radio) radio.checked = true;
  };
  grid.addEventListener("input", () => pick("grid"));
  const expression = document.getElementById("f-opening_hours");
  if (expression) expression.addEventListener("input", () => pick("expression"));
});
