// The doorstep: choose what happened, take a photo (made smaller on the phone), let the
// receiver sign, note the GPS position, and hand the record to the phone's outbox.
(() => {
  const door = document.getElementById("door");
  if (!door) return;
  const outbox = window.AntarOutbox;
  const words = outbox.words;
  const trackingCode = door.dataset.trackingCode;
  const PHOTO_SIDE = 1280;
  const photos = new Map();
  let position = null;
  let submitting = false;

  function showError(form, field, message) {
    const slot = form.querySelector(`[data-error-for="${field}"]`) || form.querySelector('[data-error-for="form"]');
    slot.textContent = message;
    slot.hidden = false;
    form.querySelector(`[name="${field}"]`)?.setAttribute("aria-invalid", "true");
  }

  function clearErrors(form) {
    form.querySelectorAll("[data-error-for]").forEach((slot) => { slot.hidden = true; });
    form.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
  }

  async function smallerPhoto(file) {
    const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    const scale = Math.min(1, PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
  }

  // Every photo of a form (the handover, a representative's letter), made smaller, by name.
  function photosOf(form) {
    if (!photos.has(form)) photos.set(form, new Map());
    return photos.get(form);
  }

  function watchPhotos(form) {
    form.querySelectorAll('input[type="file"]').forEach((input) => {
      const preview = input.nextElementSibling?.matches("[data-photo-preview]") ? input.nextElementSibling : null;
      input.addEventListener("change", async () => {
        photosOf(form).delete(input.name);
        if (preview) preview.hidden = true;
        if (!input.files.length) return;
        try {
          const blob = await smallerPhoto(input.files[0]);
          photosOf(form).set(input.name, blob);
          if (preview) {
            preview.src = URL.createObjectURL(blob);
            preview.hidden = false;
          }
        } catch (error) {
          showError(form, input.name, words.photoUnreadable);
        }
      });
    });
  }

  // A representative shows a signed letter: its photo is asked for only then.
  function watchRelation(form) {
    const letter = form.querySelector("[data-representative-only]");
    if (!letter) return;
    const follow = () => { letter.hidden = new FormData(form).get("relation") !== "representative"; };
    form.querySelectorAll('input[name="relation"]').forEach((choice) => choice.addEventListener("change", follow));
    follow();
  }

  function signaturePad(canvas) {
    const pen = canvas.getContext("2d");
    pen.lineWidth = 4;
    pen.lineCap = "round";
    pen.lineJoin = "round";
    pen.strokeStyle = "#111";
    let drawing = false;
    let signed = false;
    const point = (event) => {
      const box = canvas.getBoundingClientRect();
      return [(event.clientX - box.left) * (canvas.width / box.width), (event.clientY - box.top) * (canvas.height / box.height)];
    };
    canvas.addEventListener("pointerdown", (event) => {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      pen.beginPath();
      pen.moveTo(...point(event));
    });
    canvas.addEventListener("pointermove", (event) => {
      if (!drawing) return;
      pen.lineTo(...point(event));
      pen.stroke();
      signed = true;
    });
    for (const type of ["pointerup", "pointercancel"]) canvas.addEventListener(type, () => { drawing = false; });
    return {
      isSigned: () => signed,
      clear() { pen.clearRect(0, 0, canvas.width, canvas.height); signed = false; },
      toBlob: () => new Promise((resolve) => canvas.toBlob(resolve, "image/png")),
    };
  }

  function locate() {
    const status = document.querySelector("[data-gps-status]");
    if (!status || !navigator.geolocation) return;
    status.textContent = words.gpsWaiting;
    navigator.geolocation.getCurrentPosition(
      (fix) => {
        position = fix.coords;
        status.textContent = words.gpsFound.replace("{meters}", Math.round(position.accuracy));
      },
      () => { status.textContent = words.gpsMissing; },
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 },
    );
  }

  function positionFields() {
    if (!position) return {};
    return { latitude: position.latitude, longitude: position.longitude, accuracy: position.accuracy };
  }

  // Check what the phone can check, naming each missing field; the server checks the rest.
  function missingFields(form, kind, pad) {
    const value = (name) => new FormData(form).get(name);
    const missing = [];
    if (kind === "delivered") {
      if (!value("receiver_name")?.trim()) missing.push(["receiver_name", words.nameMissing]);
      if (!value("relation")) missing.push(["relation", words.relationMissing]);
      if (!value("code")?.trim()) missing.push(["code", words.codeMissing]);
      if (!photosOf(form).has("photo")) missing.push(["photo", words.photoMissing]);
      if (value("relation") === "representative" && !photosOf(form).has("letter_photo")) {
        missing.push(["letter_photo", words.letterMissing]);
      }
      if (form.querySelector('[name="fee_received"]') && !value("fee_received")?.trim()) {
        missing.push(["fee_received", words.feeMissing]);
      }
      if (form.querySelector("[data-required-tick]") && !value("old_card_taken_back")) {
        missing.push(["old_card_taken_back", words.oldCardMissing]);
      }
      if (!pad.isSigned()) missing.push(["signature", words.signatureMissing]);
    }
    if (kind === "failed" && !value("reason")) missing.push(["reason", words.reasonMissing]);
    return missing;
  }

  async function record(form, kind, pad) {
    const fields = Object.fromEntries(
      [...new FormData(form).entries()].filter(([, value]) => typeof value === "string"),
    );
    const files = { photo: null, ...Object.fromEntries(photosOf(form)) };
    if (new FormData(form).get("relation") !== "representative") delete files.letter_photo;
    if (kind === "delivered") files.signature = await pad.toBlob();
    return outbox.newEntry({
      url: form.action,
      page: window.location.pathname,
      trackingCode,
      fields: { ...fields, ...positionFields() },
      files,
    });
  }

  function finish(message, statusLabel) {
    const done = door.querySelector("[data-door-done]");
    done.textContent = message;
    done.hidden = false;
    if (statusLabel) door.querySelector("[data-door-status]").textContent = statusLabel;
    door.querySelectorAll("[data-door-form], .door-choice").forEach((part) => { part.hidden = true; });
  }

  function wire(form) {
    const kind = form.dataset.doorForm;
    const canvas = form.querySelector("[data-signature]");
    const pad = canvas ? signaturePad(canvas) : null;
    if (pad) form.querySelector("[data-clear-signature]").addEventListener("click", () => pad.clear());
    watchPhotos(form);
    watchRelation(form);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors(form);
      const missing = missingFields(form, kind, pad);
      missing.forEach(([field, message]) => showError(form, field, message));
      if (missing.length) return;
      const button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      submitting = true;
      const result = await outbox.submit(await record(form, kind, pad));
      submitting = false;
      button.disabled = false;
      if (result.state === "refused") showError(form, result.field || "form", result.message);
      else if (kind === "take" && result.state === "sent") window.location.reload();
      else finish(result.message, result.status);
    });
  }

  function wireChoice() {
    const buttons = door.querySelectorAll("[data-show-form]");
    buttons.forEach((button) => button.addEventListener("click", () => {
      buttons.forEach((other) => {
        const shown = other === button;
        other.setAttribute("aria-expanded", String(shown));
        document.getElementById(`${other.dataset.showForm}-form`).hidden = !shown;
      });
    }));
  }

  // A record of this parcel still waiting on the phone: say so instead of offering the forms.
  document.addEventListener("antar:outbox", (event) => {
    const mine = event.detail.waiting.filter((entry) => entry.tracking_code === trackingCode);
    if (mine.length && !submitting) finish(words.savedOffline);
  });

  door.querySelectorAll("[data-door-form]").forEach(wire);
  wireChoice();
  if (door.querySelector("[data-show-form]")) locate();
})();
