// gridgov console: forms marked data-api are sent to the JSON API (the same routes and rules as any
// client) with the session's CSRF token and, where the page knew it, the item's version (If-Match).
"use strict";

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

function flash(where, text, good) {
  const box = where || document.getElementById("flash");
  box.textContent = text;
  box.className = good ? "ok" : "problem";
  box.setAttribute("role", good ? "status" : "alert");
}

// Fields become JSON: data-type="list" gathers checked boxes (or a multi-select) into an array,
// "bool" a checkbox into true/false, "number" a number; empty optional fields are left out.
function formJson(form) {
  const body = {};
  for (const field of form.elements) {
    if (!field.name || field.name === "csrf_token" || field.disabled || field.type === "file") continue;
    const type = field.dataset.type || "";
    if (type === "list") {
      body[field.name] = body[field.name] || [];
      if (field.tagName === "SELECT") body[field.name].push(...Array.from(field.selectedOptions, (o) => o.value));
      else if (field.checked) body[field.name].push(field.value);
      continue;
    }
    if (type === "bool") { body[field.name] = field.type === "checkbox" ? field.checked : field.value === "true"; continue; }
    if ((field.type === "radio" || field.type === "checkbox") && !field.checked) continue;
    if (field.value === "") continue;
    body[field.name] = type === "number" ? Number(field.value) : field.value;
  }
  return body;
}

// A form answered 401 was sent after the session ended (expired, or signed out in another tab).
function showSignIn(where) {
  const link = document.createElement("a");
  link.href = `/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`;
  link.textContent = " 重新登录（sign in again）";
  (where || document.getElementById("flash")).appendChild(link);
}

function describe(problem, status) {
  if (status === 401) return "登录已过期或已退出，请重新登录（your session ended: sign in again）";
  if (status === 409 && (problem.errors || []).some((e) => e.field === "If-Match")) {
    return "此事项在您打开后已被他人修改，请刷新后再操作（this item changed since you opened it）";
  }
  const fields = (problem.errors || []).map((e) => `${e.field}: ${e.reason}`).join("; ");
  return `${problem.title || status}: ${problem.detail || ""}${fields && !String(problem.detail).includes(fields) ? " (" + fields + ")" : ""}`;
}

async function sendApi(url, method, body, extraHeaders) {
  const headers = Object.assign({ "Content-Type": "application/json", "X-CSRF-Token": csrfToken() }, extraHeaders || {});
  const response = await fetch(url, { method, headers, body: JSON.stringify(body), credentials: "same-origin" });
  let payload = null;
  try { payload = await response.json(); } catch (_) { payload = {}; }
  return { response, payload };
}

document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form[data-api]");
  if (!form || form.dataset.custom) return;
  event.preventDefault();
  const out = form.querySelector("[data-result]");
  const headers = {};
  if (form.dataset.version) headers["If-Match"] = `"${form.dataset.version}"`;
  const button = event.submitter;
  if (button) button.disabled = true;
  try {
    const body = formJson(form);
    if (button && button.name) body[button.name] = button.dataset.type === "bool" ? button.value === "true" : button.value;
    const api = (button && button.dataset.api) || form.dataset.api; // a second button may send elsewhere
    const { response, payload } = await sendApi(api, form.dataset.method || "POST", body, headers);
    if (response.ok) {
      flash(out, (button && button.dataset.done) || form.dataset.done || "已提交", true);
      if (form.dataset.next) window.location.assign(form.dataset.next);
      else window.setTimeout(() => window.location.reload(), 400);
    } else {
      flash(out, describe(payload, response.status), false);
      if (response.status === 401) showSignIn(out);
    }
  } catch (error) {
    flash(out, `网络错误，未提交（network error, nothing was sent）: ${error}`, false);
  } finally {
    if (button) button.disabled = false;
  }
});

// A fragment asked for after the session ended never pastes the sign-in page into the page.
document.addEventListener("htmx:responseError", (event) => {
  if (event.detail.xhr.status === 401) {
    window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  }
});

// Deadlines count down live: <span data-countdown="ISO-UTC"> shows the time left or how late it is.
function span(ms) {
  const minutes = Math.floor(Math.abs(ms) / 60000);
  const d = Math.floor(minutes / 1440), h = Math.floor((minutes % 1440) / 60), m = minutes % 60;
  return (d ? `${d}天` : "") + (d || h ? `${h}小时` : "") + `${m}分`;
}
function tick() {
  const now = Date.now();
  for (const el of document.querySelectorAll("[data-countdown]")) {
    const left = Date.parse(el.dataset.countdown) - now;
    el.textContent = left >= 0 ? `剩余 ${span(left)}` : `超期 ${span(left)}`;
    el.classList.toggle("overdue", left < 0);
    el.classList.toggle("soon", left >= 0 && left < 3600000);
  }
}
tick();
window.setInterval(tick, 1000);

// The English names of codes, on demand; the choice is kept in this browser.
function showEnglish(on) {
  document.body.classList.toggle("show-en", on);
  for (const b of document.querySelectorAll("[data-toggle-english]")) b.setAttribute("aria-pressed", String(on));
}
showEnglish(localStorage.getItem("gridgov.english") === "1");
document.addEventListener("click", (event) => {
  if (!event.target.closest("[data-toggle-english]")) return;
  const on = !document.body.classList.contains("show-en");
  localStorage.setItem("gridgov.english", on ? "1" : "0");
  showEnglish(on);
});
