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
