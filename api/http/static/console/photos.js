// Photos for reports and feedback: previewed on the phone, scaled down when large, uploaded to the
// content-addressed store (POST /api/v1/photos), then attached by hash. Forms marked
// data-custom="photos" send their chosen photos as `attachments` with the rest of the form.
"use strict";

(function () {
  const MAX = 4;
  const SCALE_ABOVE = 1536 * 1024; // a phone camera's 4–8 MB JPEG becomes a few hundred KB
  const LONG_SIDE = 2048; // enough to read a sign or a crack on a wall
  const UPLOAD_TIMEOUT_MS = 60000;

  // An answer of the store that will not change on a retry (415, 413, 403…) or a network failure.
  class UploadError extends Error {
    constructor(message, status) {
      super(message);
      this.status = status; // 0: the network, not the server
    }
  }

  async function scaled(file) {
    if (file.size <= SCALE_ABOVE || !window.createImageBitmap) return { blob: file, name: file.name };
    try {
      const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
      const ratio = Math.min(1, LONG_SIDE / Math.max(bitmap.width, bitmap.height));
      const canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * ratio);
      canvas.height = Math.round(bitmap.height * ratio);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
      if (!blob || blob.size >= file.size) return { blob: file, name: file.name };
      return { blob, name: file.name.replace(/\.[^.]*$/, "") + ".jpg" };
    } catch (_) {
      return { blob: file, name: file.name }; // a format the browser cannot draw: the store says if it is refused
    }
  }

  // Files become {blob, name} pairs, ready to upload now or to keep in the outbox for later.
  async function prepare(files) {
    const chosen = Array.from(files || []);
    if (chosen.length > MAX) throw new UploadError(`最多 ${MAX} 张照片（at most ${MAX} photos）`, 422);
    return Promise.all(chosen.map(scaled));
  }

  async function uploadOne(item) {
    const form = new FormData();
    form.append("file", item.blob, item.name || "photo.jpg");
    let response;
    try {
      const signal = window.AbortSignal && AbortSignal.timeout ? AbortSignal.timeout(UPLOAD_TIMEOUT_MS) : undefined;
      response = await fetch("/api/v1/photos", {
        method: "POST",
        body: form,
        headers: { "X-CSRF-Token": csrfToken() },
        credentials: "same-origin",
        signal,
      });
    } catch (error) {
      throw new UploadError(`照片未能上传，网络不可用（network error）: ${error}`, 0);
    }
    const payload = await response.json().catch(() => ({}));
    if (!response.ok) throw new UploadError(`照片 ${item.name}: ${describe(payload, response.status)}`, response.status);
    return { sha256: payload.sha256, name: payload.name };
  }

  // One after another: a phone on a weak signal does better with one upload at a time.
  async function uploadBlobs(items) {
    const attached = [];
    for (const item of items) attached.push(await uploadOne(item));
    return attached;
  }

  async function upload(files) {
    return uploadBlobs(await prepare(files));
  }

  function preview(input, container) {
    for (const old of container.querySelectorAll("img")) URL.revokeObjectURL(old.src);
    container.replaceChildren();
    const files = Array.from(input.files || []);
    for (const file of files.slice(0, MAX)) {
      const img = document.createElement("img");
      img.src = URL.createObjectURL(file);
      img.alt = `已选照片 ${file.name}`;
      container.append(img);
    }
    if (files.length > MAX) {
      const note = document.createElement("p");
      note.className = "problem";
      note.textContent = `选了 ${files.length} 张，最多 ${MAX} 张，请重新选择`;
      container.append(note);
    }
  }

  function photoInputs(form) {
    return Array.from(form.querySelectorAll("input[type=file][data-photos]"));
  }

  document.addEventListener("change", (event) => {
    const input = event.target.closest("input[type=file][data-photos]");
    const container = input && input.form && input.form.querySelector("[data-preview]");
    if (container) preview(input, container);
  });

  // The same sending as console.js's forms, with the photos uploaded first and attached by hash.
  document.addEventListener("submit", async (event) => {
    const form = event.target.closest('form[data-api][data-custom="photos"]');
    if (!form) return;
    event.preventDefault();
    const out = form.querySelector("[data-result]");
    const button = event.submitter;
    if (button) button.disabled = true;
    try {
      const files = photoInputs(form).flatMap((input) => Array.from(input.files || []));
      flash(out, files.length ? "正在上传照片…" : "正在提交…", true);
      const body = formJson(form);
      body.attachments = await upload(files);
      const headers = form.dataset.version ? { "If-Match": `"${form.dataset.version}"` } : {};
      const { response, payload } = await sendApi(form.dataset.api, form.dataset.method || "POST", body, headers);
      if (!response.ok) {
        flash(out, describe(payload, response.status), false);
        return;
      }
      flash(out, form.dataset.done || "已提交", true);
      window.setTimeout(() => window.location.reload(), 400);
    } catch (error) {
      flash(out, error instanceof UploadError ? error.message : `网络错误，未提交（network error）: ${error}`, false);
    } finally {
      if (button) button.disabled = false;
    }
  });

  window.gridgovPhotos = { MAX, UploadError, prepare, upload, uploadBlobs, preview };
})();
