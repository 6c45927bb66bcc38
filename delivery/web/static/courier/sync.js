// The courier's outbox: every record is saved on the phone (IndexedDB) first, then sent.
// Sending happens at once, when the signal returns, when a page loads, and on a timer.
// The server applies each record once (by its id), so sending twice is harmless.
(() => {
  const script = document.currentScript;
  const words = JSON.parse(document.getElementById("courier-words").textContent);
  const DB_NAME = "antar-courier";
  const STORE = "outbox";
  const RETRY_SECONDS = 30;
  const results = new Map();
  let syncing = null;
  let signedOut = false;

  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function inStore(mode, work) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const request = work(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  const saveEntry = (entry) => inStore("readwrite", (store) => store.put(entry));
  const dropEntry = (id) => inStore("readwrite", (store) => store.delete(id));
  const allEntries = () => inStore("readonly", (store) => store.getAll());

  async function freshToken() {
    const response = await fetch(script.dataset.tokenUrl, { headers: { Accept: "application/json" } });
    if (response.redirected || !response.ok) throw new Error("signed out");
    return (await response.json()).csrf_token;
  }

  function formData(entry) {
    const body = new FormData();
    for (const [name, value] of Object.entries(entry.fields)) body.append(name, value);
    for (const [name, blob] of Object.entries(entry.files || {})) {
      if (blob) body.append(name, blob, `${name}.${blob.type === "image/png" ? "png" : "jpg"}`);
    }
    return body;
  }

  // Send one record; answer whether to go on with the next one.
  async function send(entry, token) {
    let response;
    try {
      response = await fetch(entry.url, {
        method: "POST",
        body: formData(entry),
        headers: { "X-CSRFToken": token, Accept: "application/json" },
      });
    } catch (error) {
      return false; // no signal
    }
    if (response.redirected || response.status === 401) {
      signedOut = true;
      return false;
    }
    const answer = await response.json().catch(() => ({}));
    if (response.ok) {
      results.set(entry.id, { state: "sent", message: answer.message, status: answer.status_label });
      await dropEntry(entry.id);
      return true;
    }
    if (response.status >= 500 || response.status === 429 || answer.error?.code === "csrf") return false;
    const refusal = { state: "refused", message: answer.error?.message || words.refused, field: answer.error?.field };
    results.set(entry.id, refusal);
    await saveEntry({ ...entry, ...refusal });
    return true;
  }

  async function sendWaiting() {
    const waiting = (await allEntries()).filter((entry) => entry.state === "waiting");
    if (!waiting.length) return;
    waiting.sort((a, b) => a.fields.occurred_at.localeCompare(b.fields.occurred_at));
    showSummary(words.sending);
    let token;
    try {
      token = await freshToken();
    } catch (error) {
      return;
    }
    signedOut = false;
    for (const entry of waiting) {
      if (!(await send(entry, token))) break;
    }
  }

  function sync() {
    if (!syncing) syncing = sendWaiting().finally(() => { syncing = null; render(); });
    return syncing;
  }

  // Save a record, try to send it now, and say what became of it: sent, refused or waiting.
  async function submit(entry) {
    await saveEntry({ ...entry, state: "waiting" });
    await syncing;
    await sync();
    const result = results.get(entry.id) || { state: "waiting", message: words.savedOffline };
    if (result.state === "refused") await dropEntry(entry.id);
    render();
    return result;
  }

  function showSummary(text) {
    const panel = document.querySelector("[data-sync-panel]");
    panel.querySelector("[data-sync-summary]").textContent = text;
    panel.hidden = !text && !panel.querySelector("[data-sync-refused]").children.length;
  }

  async function render() {
    const entries = await allEntries();
    const waiting = entries.filter((entry) => entry.state === "waiting");
    const refused = entries.filter((entry) => entry.state === "refused");
    const list = document.querySelector("[data-sync-refused]");
    list.replaceChildren(...refused.map(refusedItem));
    let summary = waiting.length ? words.waiting.replace("{count}", waiting.length) : "";
    if (waiting.length && signedOut) summary += " " + words.signedOut;
    showSummary(summary);
    document.dispatchEvent(new CustomEvent("antar:outbox", { detail: { waiting, refused } }));
  }

  function refusedItem(entry) {
    const item = document.createElement("li");
    item.className = "sync-refused";
    const text = document.createElement("p");
    text.textContent = `${words.refused} (${entry.tracking_code}): ${entry.message}`;
    const open = document.createElement("a");
    open.href = entry.page;
    open.textContent = words.openParcel;
    const dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.className = "link-button";
    dismiss.textContent = words.dismiss;
    dismiss.addEventListener("click", () => dropEntry(entry.id).then(render));
    item.append(text, open, " · ", dismiss);
    return item;
  }

  // Keep the round's doorstep pages on the phone, for opening them without signal.
  async function keepRound() {
    const roundUrl = script.dataset.roundUrl;
    const response = await fetch(roundUrl, { headers: { Accept: "application/json" } });
    if (!response.ok || response.redirected) return;
    const round = await response.clone().json();
    const cache = await caches.open("antar-round");
    await cache.put(roundUrl, response);
    const pages = round.parcels.map((parcel) => parcel.url);
    await Promise.all(pages.map((page) => cache.add(page).catch(() => null)));
    for (const request of await cache.keys()) {
      const path = new URL(request.url).pathname;
      if (path !== roundUrl && !pages.includes(path)) await cache.delete(request);
    }
  }

  // A record made now on this phone: its own id (the server applies it once) and the phone's time.
  function newEntry({ url, page, trackingCode, fields, files }) {
    const id = crypto.randomUUID();
    return {
      id,
      url,
      page,
      tracking_code: trackingCode,
      fields: { ...fields, client_event_id: id, occurred_at: new Date().toISOString() },
      files: files || {},
    };
  }

  window.AntarOutbox = { submit, sync, newEntry, freshToken, words, roundUrl: script.dataset.roundUrl };

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(script.dataset.serviceWorker, { scope: "/" }).catch(() => null);
  }
  window.addEventListener("online", sync);
  setInterval(sync, RETRY_SECONDS * 1000);
  sync();
  if (document.querySelector("[data-cache-round]") && navigator.onLine) keepRound().catch(() => null);
})();
