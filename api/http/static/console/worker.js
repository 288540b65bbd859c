// The worker's home: the place filter, the report form (always through the outbox, so a report made
// without a network is kept and sent later), and the outbox's list on the page.
"use strict";

(function () {
  const root = document.querySelector("[data-owner]");
  if (!root) return;
  const form = document.getElementById("report");

  // The filter box narrows the place list as the worker types a compound's or a building's name.
  function filterPlaces(box) {
    const select = document.getElementById(box.dataset.filterFor);
    const words = box.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    for (const group of select.querySelectorAll("optgroup")) {
      let shown = 0;
      for (const option of group.querySelectorAll("option")) {
        const text = `${group.label} ${option.textContent} ${option.value}`.toLowerCase();
        option.hidden = !words.every((w) => text.includes(w));
        if (!option.hidden) shown += 1;
      }
      group.hidden = shown === 0;
    }
    if (select.selectedOptions[0] && select.selectedOptions[0].hidden) select.value = "";
  }
  document.addEventListener("input", (event) => {
    if (event.target.matches("[data-filter-for]")) filterPlaces(event.target);
  });

  // Offline the duplicate check cannot run: it is not tried, and the form says so.
  document.addEventListener("htmx:beforeRequest", (event) => {
    const duplicates = event.target;
    if (navigator.onLine || duplicates.id !== "duplicates") return;
    event.preventDefault();
    const note = document.createElement("p");
    note.className = "muted";
    note.textContent = duplicates.dataset.offlineNote;
    duplicates.replaceChildren(note);
  });

  function clearForm() {
    form.reset();
    form.querySelector("[data-preview]").replaceChildren();
    document.getElementById("duplicates").replaceChildren();
    filterPlaces(form.querySelector("[data-filter-for]"));
  }

  if (form) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const out = form.querySelector("[data-result]");
      const button = event.submitter;
      if (button) button.disabled = true;
      flash(out, "正在发送…（sending）", true);
      try {
        const photos = await window.gridgovPhotos.prepare(form.querySelector("input[data-photos]").files);
        const key = await window.gridgovOutbox.add(formJson(form), photos);
        const outcome = (await window.gridgovOutbox.flush()).get(key);
        if (outcome && outcome.kind === "sent") {
          clearForm();
          flash(out, `已上报（reported）：${outcome.issue.id.slice(0, 8)}`, true);
        } else if (outcome && outcome.kind === "failed") {
          await window.gridgovOutbox.discard(key); // the worker is here to correct it
          flash(out, outcome.reason, false);
        } else if (outcome && outcome.signedOut) {
          clearForm();
          flash(out, "您已退出登录：已存入待发送，重新登录后自动发送（signed out: saved to the outbox）", false);
          showSignIn(out);
        } else {
          clearForm();
          flash(out, "网络不可用，已存入待发送，联网后自动发送（saved to the outbox）", true);
        }
      } catch (error) {
        flash(out, error.message || String(error), false);
      } finally {
        if (button) button.disabled = false;
      }
    });
  }

  const box = document.querySelector("[data-outbox]");
  function render(list) {
    const pending = list.filter((e) => e.state !== "failed");
    const failed = list.filter((e) => e.state === "failed");
    box.querySelector("[data-outbox-count]").textContent = String(pending.length);
    const note = box.querySelector("[data-outbox-failed]");
    note.hidden = failed.length === 0;
    note.textContent = `${failed.length} 条被拒绝，请查看原因后重试或删除`;
    box.querySelector("[data-outbox-list]").replaceChildren(...list.map(item));
  }
  function item(entry) {
    const li = document.createElement("li");
    li.className = entry.state === "failed" ? "failed" : "pending";
    const what = document.createElement("p");
    const when = new Date(entry.queuedAt).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
    what.textContent = `${entry.body.description.slice(0, 60)}（${entry.photos.length} 张照片，${when}）`;
    li.append(what);
    if (entry.reason) {
      const why = document.createElement("p");
      why.className = entry.state === "failed" ? "problem" : "muted";
      why.textContent = entry.reason;
      li.append(why);
    }
    if (entry.state === "failed") {
      const actions = document.createElement("div");
      actions.className = "actions";
      actions.append(action("重试", () => window.gridgovOutbox.retry(entry.key)));
      actions.append(action("删除", () => window.gridgovOutbox.discard(entry.key)));
      li.append(actions);
    }
    return li;
  }
  function action(label, act) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.addEventListener("click", act);
    return button;
  }

  window.gridgovOutbox.subscribe(render);
  window.gridgovOutbox.start(root.dataset.owner, (results) => {
    const sent = Array.from(results.values()).filter((o) => o.kind === "sent").length;
    if (sent) flash(null, `已发送 ${sent} 条待发送的上报（sent from the outbox）`, true);
  });
})();
