// Scanning a label: the browser's own barcode reader where there is one (Chrome on Android),
// else small camera frames sent to the server twice a second. Typing the code always works,
// and without signal a parcel saved on the phone opens from its copy.
(() => {
  const scanner = document.getElementById("scanner");
  if (!scanner) return;
  const outbox = window.AntarOutbox;
  const words = outbox.words;
  const video = scanner.querySelector("video");
  const message = scanner.querySelector("[data-scan-message]");
  const form = document.querySelector("[data-code-form]");
  const takeLater = form.querySelector("[data-take-later]");
  const FRAME_WIDTH = 640;
  const FRAME_EVERY_MS = 500;
  const LABEL_PATH = /^\/p\/[A-Za-z0-9_-]{16,64}\/?$/;
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  let csrfToken = document.querySelector('meta[name="csrf-token"]').content;
  let found = false;

  const say = (text) => { if (text) message.textContent = text; };
  const go = (url) => { found = true; window.location.assign(url); };
  const parcelPage = (code) => form.dataset.parcelUrl.replace("__CODE__", encodeURIComponent(code));

  function normalize(typed) {
    let compact = typed.toUpperCase().replace(/[\s\-_.]/g, "");
    if (compact.startsWith("AN")) compact = compact.slice(2);
    return compact.length === 8 ? `AN-${compact.slice(0, 4)}-${compact.slice(4)}` : typed.trim().toUpperCase();
  }

  function labelPathOf(text) {
    try {
      const path = new URL(text).pathname;
      return LABEL_PATH.test(path) ? path : null;
    } catch (error) {
      return null;
    }
  }

  async function savedParcels() {
    const saved = await caches.match(outbox.roundUrl);
    return saved ? (await saved.json()).parcels : [];
  }

  // Open what a label says: from the phone's copy of the round if it is there, else online.
  async function openScanned(text) {
    const labelPath = labelPathOf(text);
    const code = labelPath ? null : normalize(text);
    const parcels = await savedParcels().catch(() => []);
    const saved = parcels.find((parcel) => (labelPath ? parcel.label_path === labelPath : parcel.tracking_code === code));
    if (saved) return go(saved.url);
    if (navigator.onLine) return go(labelPath || `${form.action}?code=${encodeURIComponent(code)}`);
    if (code) offerToTakeLater(code);
    else say(words.scanOffline);
  }

  function offerToTakeLater(code) {
    takeLater.hidden = false;
    takeLater.querySelector("[data-take-later-message]").textContent = words.notOnPhone;
    const button = takeLater.querySelector("[data-take-later-button]");
    button.textContent = words.takeLater;
    button.hidden = false;
    button.onclick = async () => {
      const page = parcelPage(code);
      const entry = outbox.newEntry({ url: `${page}/take`, page, trackingCode: code, fields: {} });
      const result = await outbox.submit(entry);
      if (result.state === "sent") return go(page);
      button.hidden = true;
      takeLater.querySelector("[data-take-later-message]").textContent =
        result.state === "waiting" ? words.takeQueued.replace("{code}", code) : result.message;
    };
  }

  async function frameOf(canvas) {
    const scale = Math.min(1, FRAME_WIDTH / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.8));
  }

  async function askServer(frame) {
    const body = new FormData();
    body.append("frame", frame, "frame.jpg");
    const response = await fetch(scanner.dataset.frameUrl, {
      method: "POST",
      body,
      headers: { "X-CSRFToken": csrfToken, Accept: "application/json" },
    });
    const answer = await response.json();
    if (answer.error?.code === "csrf") csrfToken = await outbox.freshToken();
    return answer;
  }

  async function readOnServer() {
    const canvas = document.createElement("canvas");
    while (!found) {
      await sleep(FRAME_EVERY_MS);
      if (!video.videoWidth) continue;
      if (!navigator.onLine) { say(words.scanOffline); continue; }
      try {
        const answer = await askServer(await frameOf(canvas));
        if (answer.found) return go(answer.url);
        say(answer.message);
      } catch (error) {
        say(words.scanOffline);
      }
    }
  }

  async function readInBrowser(detector) {
    while (!found) {
      const codes = await detector.detect(video).catch(() => []);
      if (codes.length) return openScanned(codes[0].rawValue);
      await sleep(250);
    }
  }

  async function browserDetector() {
    if (!("BarcodeDetector" in window)) return null;
    const formats = await window.BarcodeDetector.getSupportedFormats();
    if (!formats.includes("qr_code")) return null;
    return new window.BarcodeDetector({ formats: ["qr_code", "code_128"].filter((f) => formats.includes(f)) });
  }

  async function startCamera() {
    if (!navigator.mediaDevices?.getUserMedia) return say(words.cameraMissing);
    try {
      video.srcObject = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment", width: { ideal: 1280 }, height: { ideal: 720 } },
        audio: false,
      });
      await video.play();
    } catch (error) {
      return say(words.cameraMissing);
    }
    say(words.cameraStarting);
    const detector = await browserDetector().catch(() => null);
    return detector ? readInBrowser(detector) : readOnServer();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const typed = form.elements.code.value;
    if (typed.trim()) openScanned(typed);
  });
  startCamera();
})();
