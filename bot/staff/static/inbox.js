// The staff inbox (templates/inbox.html) on the JSON contract under /staff/api/ (README).
// Live: /staff/api/events says which case changed; the list (and the open case) are fetched
// again. Everything shown is set with textContent: nothing a person wrote becomes HTML.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("inbox");
  if (!root) return;
  const csrf = root.dataset.csrf;
  const account = root.dataset.account;
  const texts = JSON.parse(root.dataset.texts);
  const canned = JSON.parse(root.dataset.canned);
  const $ = (id) => document.getElementById(id);
  const t = (key, values = {}) =>
    (texts[key] || key).replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
  const languageName = (code) => texts[`language_name_${code}`] || code;
  let current = null;  // the code of the case shown on the right

  const api = async (path, options = {}) => {
    const headers = {"X-CSRF-Token": csrf, ...(options.headers || {})};
    const response = await fetch(`/staff/api/${path}`, {credentials: "same-origin", ...options, headers});
    const body = response.headers.get("Content-Type")?.includes("json") ? await response.json() : {};
    return {status: response.status, body};
  };
  const post = (path, body) => api(path, {
    method: "POST",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify(body || {}),
  });
  const waited = (seconds) => seconds >= 60
    ? t("inbox_minutes", {n: Math.floor(seconds / 60)}) : t("inbox_seconds", {n: seconds});
  const cell = (row, text) => { const td = row.insertCell(); td.textContent = text; return td; };
  const say = (text) => { $("case-status").textContent = text; };

  function showCases(cases) {
    const body = $("cases").tBodies[0];
    body.replaceChildren();
    let unread = 0;
    for (const item of cases) {
      unread += item.unread;
      const row = body.insertRow();
      const open = document.createElement("button");
      open.type = "button";
      open.className = "link";
      open.textContent = item.code;
      open.setAttribute("aria-label", `${t("inbox_open")} ${item.code}`);
      open.addEventListener("click", () => openCase(item.code));
      row.insertCell().append(open);
      if (item.code === current) row.setAttribute("aria-current", "true");
      cell(row, languageName(item.language));
      cell(row, t(`channel_${item.channel}`));
      cell(row, t(`state_${item.state}`));
      cell(row, item.waiting_s ? waited(item.waiting_s) : "-");
      cell(row, String(item.unread)).className = item.unread ? "unread" : "";
    }
    $("cases-empty").hidden = cases.length > 0;
    document.title = (unread ? `(${unread}) ` : "") + root.dataset.title;
  }

  async function loadCases() {
    const {status, body} = await api("cases");
    if (status === 200) showCases(body);
  }

  function fillCanned(item) {
    const select = $("canned");
    select.length = 1;  // keep "pick a canned reply"
    const byChannel = canned.texts[item.language] || canned.texts.da || {};
    for (const [name, text] of Object.entries(byChannel[item.channel] || {})) {
      select.add(new Option(canned.labels[name] || name, text));
    }
  }

  function showCase(item) {
    $("case-pick").hidden = true;
    $("case-body").hidden = false;
    $("case-code").textContent = item.code;
    $("case-meta").textContent =
      `${languageName(item.language)} · ${t(`channel_${item.channel}`)} · ` +
      (item.taken_by === account ? t("inbox_taken_by_you")
        : item.taken_by ? t("inbox_taken_by", {account: item.taken_by}) : t("state_waiting"));
    const list = $("messages");
    list.replaceChildren();
    for (const message of item.messages) {
      const entry = document.createElement("li");
      entry.className = `from-${message.from}`;
      const who = document.createElement("strong");
      who.textContent = `${t(`inbox_from_${message.from}`)} ${message.at.slice(11, 16)}: `;
      const words = document.createElement("span");
      words.textContent = message.text;
      entry.append(who, words);
      list.append(entry);
    }
    const mine = item.taken_by === account;
    const others = Boolean(item.taken_by) && !mine;
    $("take").hidden = Boolean(item.taken_by);
    $("reply-form").hidden = others;
    $("close").hidden = others;
    fillCanned(item);
  }

  function showGone() {
    current = null;
    $("case-body").hidden = true;
    $("case-pick").hidden = false;
    $("case-code").textContent = "";
    $("case-pick").textContent = t("inbox_closed");
  }

  async function openCase(code) {
    if (code !== current) say("");  // (a live refresh of the same case keeps its status)
    current = code;
    const {status, body} = await api(`cases/${code}`);
    if (status === 200) showCase(body);
    else if (status === 404) showGone();
    await loadCases();
  }

  // `done`: what to say once it worked (or a function of the answer that says it).
  async function act(path, body, done) {
    const result = await post(`cases/${current}/${path}`, body);
    if (result.status === 200) {
      if (result.body.code) showCase(result.body);
      say(typeof done === "function" ? done(result.body) : done);
    } else if (result.status === 409) {
      say(t("inbox_taken_elsewhere"));
      await openCase(current);
    } else if (result.status === 404) {
      showGone();
    } else {
      say(t(result.body.error === "link" ? "inbox_no_links" : "inbox_failed"));
    }
    await loadCases();
    return result.status === 200;
  }

  $("take").addEventListener("click", () => act("take", {}, t("inbox_taken_by_you")));
  $("canned").addEventListener("change", (event) => {
    if (!event.target.value) return;
    $("reply").value = event.target.value;
    $("reply").focus();
  });
  $("reply-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("reply").value.trim();
    if (!text || !current) return;
    // sent at once (push, after the person's yes) or waiting for the person's next text
    const sent = (answer) => t(answer.delivered === "push" ? "inbox_reply_pushed" : "inbox_reply_sent");
    if (await act("reply", {text}, sent)) {
      $("reply").value = "";
      $("canned").value = "";
    }
  });
  $("close").addEventListener("click", async (event) => {
    if (!current || !window.confirm(event.target.dataset.confirm)) return;
    const result = await post(`cases/${current}/close`);
    if (result.status === 200) showGone();
    else say(t(result.status === 409 ? "inbox_taken_elsewhere" : "inbox_failed"));
    await loadCases();
  });

  // Live: a case changed. The open case is fetched again (which marks it read) only while
  // the tab is seen, so the unread count in the tab title keeps counting while it is not.
  const events = new EventSource("/staff/api/events");
  events.addEventListener("case", async (event) => {
    const change = JSON.parse(event.data);
    if (change.code === current && !document.hidden) {
      if (change.kind === "closed") showGone();
      else return openCase(current);
    }
    await loadCases();
  });
  events.addEventListener("open", loadCases);  // (again) connected: catch up
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && current) openCase(current);
  });
  setInterval(loadCases, 30_000);  // the waiting times move on even when nothing happens
  loadCases();
});
