// The outbox: reports made without a network wait on the phone (IndexedDB, photos as Blobs) and are
// sent when it is back. Each keeps the Idempotency-Key it was given when it was made, so sending it
// twice (two flushes, a lost answer, two tabs) still makes one issue: the API answers the retry with
// the first issue. An entry leaves the outbox only after a 2xx, or stays, marked failed with the
// reason, when the API refused it in a way no retry can change.
"use strict";

(function () {
  const DB = "gridgov-outbox";
  const STORE = "reports";
  // Answers a later try may not get: signed out, throttled, or the server's own trouble.
  const TRANSIENT = new Set([401, 408, 425, 429]);
  const listeners = [];
  let owner = "";
  let database = null;

  function open() {
    if (!database) {
      database = new Promise((resolve, reject) => {
        const request = indexedDB.open(DB, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    return database;
  }

  async function run(mode, act) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = act(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  }

  // Only the signed-in account's entries: a shared phone never sends one worker's report as another's.
  async function entries() {
    const all = await run("readonly", (store) => store.getAll());
    return all.filter((e) => e.owner === owner).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  }

  function notify() {
    entries().then((list) => listeners.forEach((listener) => listener(list)));
  }

  async function put(entry) {
    await run("readwrite", (store) => store.put(entry));
    notify();
  }

  async function remove(key) {
    await run("readwrite", (store) => store.delete(key));
    notify();
  }

  function newKey() {
    if (crypto.randomUUID) return crypto.randomUUID();
    // randomUUID needs a secure context; an intranet served over plain http is not one.
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  // Outcomes: sent (with the issue), wait (try again later), failed (the API refused it for good).
  async function send(entry) {
    let attachments;
    try {
      attachments = await window.gridgovPhotos.uploadBlobs(entry.photos);
    } catch (error) {
      const later = error.status === 0 || error.status >= 500 || TRANSIENT.has(error.status);
      return { kind: later ? "wait" : "failed", reason: error.message };
    }
    let answer;
    try {
      answer = await sendApi("/api/v1/issues", "POST", { ...entry.body, attachments }, { "Idempotency-Key": entry.key });
    } catch (_) {
      return { kind: "wait", reason: "网络不可用（offline）" };
    }
    const { response, payload } = answer;
    if (response.ok) return { kind: "sent", issue: payload };
    const reason = describe(payload, response.status);
    if (response.status >= 500 || TRANSIENT.has(response.status)) {
      return { kind: "wait", reason, signedOut: response.status === 401 };
    }
    return { kind: "failed", reason };
  }

  async function sendPending(results) {
    for (const entry of await entries()) {
      if (entry.state === "failed") continue;
      if (!navigator.onLine) return;
      const outcome = await send(entry);
      results.set(entry.key, outcome);
      if (outcome.kind === "sent") await remove(entry.key);
      else if (outcome.kind === "failed") await put({ ...entry, state: "failed", reason: outcome.reason });
      else {
        await put({ ...entry, reason: outcome.reason });
        return; // the network or the server is down: the rest would fail the same way
      }
    }
  }

  // One flush at a time: a flush asked for while one runs joins it, and makes it look again once
  // done (its entry may have come in too late for this pass); other tabs wait on a Web Lock.
  let running = null;
  let again = false;
  function flush() {
    if (running) {
      again = true;
      return running;
    }
    const results = new Map();
    const exclusive = (act) => (navigator.locks ? navigator.locks.request(DB, act) : act());
    running = (async () => {
      do {
        again = false;
        await exclusive(() => sendPending(results));
      } while (again);
      return results;
    })().finally(() => {
      running = null;
      notify();
    });
    return running;
  }

  async function add(body, photos) {
    const entry = { key: newKey(), owner, body, photos, queuedAt: new Date().toISOString(), state: "pending", reason: "" };
    await put(entry);
    return entry.key;
  }

  async function retry(key) {
    const entry = (await entries()).find((e) => e.key === key);
    if (entry) await put({ ...entry, state: "pending", reason: "" });
    return flush();
  }

  window.gridgovOutbox = {
    // Sends what waits now and whenever the browser says it is back online; `sent` hears each outcome.
    start(account, sent) {
      owner = account;
      const send = () => flush().then(sent);
      window.addEventListener("online", send);
      notify();
      send();
    },
    subscribe(listener) {
      listeners.push(listener);
    },
    add,
    flush,
    retry,
    discard: remove,
  };
})();
