// Proof badges: an event's inclusion proof checked in this browser, not taken on the server's word.
// The hashing is verifier/record.py and verifier/merkle.py (RFC 6962 leaves and nodes, RFC 9162
// verification) and the head's message verifier/heads.py; the head's Ed25519 signature is checked
// with WebCrypto against the published key, or against a key the auditor kept and pasted here.
"use strict";

(function () {
  const RECORD_PREFIX = new TextEncoder().encode("gridgov-event-v1\n");
  const EMPTY_ROOT_HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  const TRUSTED = "gridgov.trustedKey";

  class Refusal extends Error {}

  function fromHex(hex) {
    if (typeof hex !== "string" || !/^([0-9a-fA-F]{2})*$/.test(hex)) throw new Refusal(`不是十六进制：${String(hex).slice(0, 20)}`);
    return Uint8Array.from(hex.match(/../g) || [], (pair) => parseInt(pair, 16));
  }
  const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const same = (a, b) => a.length === b.length && a.every((value, i) => value === b[i]);

  async function sha256(...parts) {
    const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) { joined.set(part, at); at += part.length; }
    return new Uint8Array(await crypto.subtle.digest("SHA-256", joined));
  }
  const leafHash = (record) => sha256(Uint8Array.of(0), record);
  const nodeHash = (left, right) => sha256(Uint8Array.of(1), left, right);
  const wellFormed = (hashes) => hashes.every((h) => h.length === 32);

  // BigInt throughout: sizes go up to 2^53 and JavaScript's bit operators stop at 32 bits.
  async function verifyInclusion(index, size, leaf, proof, root) {
    let fn = BigInt(index), sn = BigInt(size) - 1n, r = leaf;
    if (fn < 0n || fn > sn || !wellFormed([leaf, ...proof])) return false;
    for (const p of proof) {
      if (sn === 0n) return false;
      if (fn & 1n || fn === sn) {
        r = await nodeHash(p, r);
        while (!(fn & 1n) && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      } else {
        r = await nodeHash(r, p);
      }
      fn >>= 1n; sn >>= 1n;
    }
    return sn === 0n && same(r, root);
  }

  async function verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof) {
    const m = BigInt(oldSize), n = BigInt(newSize);
    if (m < 0n || m > n || !wellFormed(proof)) return false;
    if (m === n) return proof.length === 0 && same(oldRoot, newRoot);
    if (m === 0n) return proof.length === 0 && same(oldRoot, fromHex(EMPTY_ROOT_HEX));
    if (proof.length === 0) return false;
    const path = (m & (m - 1n)) === 0n ? [oldRoot, ...proof] : proof;
    let fn = m - 1n, sn = n - 1n;
    while (fn & 1n) { fn >>= 1n; sn >>= 1n; }
    let fr = path[0], sr = path[0];
    for (const c of path.slice(1)) {
      if (sn === 0n) return false;
      if (fn & 1n || fn === sn) {
        fr = await nodeHash(c, fr);
        sr = await nodeHash(c, sr);
        while (!(fn & 1n) && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      } else {
        sr = await nodeHash(sr, c);
      }
      fn >>= 1n; sn >>= 1n;
    }
    return same(fr, oldRoot) && same(sr, newRoot) && sn === 0n;
  }

  function recordPosition(record) {
    if (record.length < RECORD_PREFIX.length + 8 || !same(record.slice(0, RECORD_PREFIX.length), RECORD_PREFIX)) {
      throw new Refusal("记录不是 gridgov 事件记录（前缀不符）");
    }
    return Number(new DataView(record.buffer, record.byteOffset).getBigUint64(RECORD_PREFIX.length, false));
  }

  // Canonical JSON with sorted keys and no spaces, byte for byte what the service signed.
  const headMessage = (head) => new TextEncoder().encode(
    JSON.stringify({ log: "gridgov", root: head.root, size: head.size, timestamp: head.timestamp }));

  async function signatureOk(head, key) {
    let imported;
    try {
      imported = await crypto.subtle.importKey("raw", key, { name: "Ed25519" }, false, ["verify"]);
    } catch (error) {
      throw new Refusal(`本浏览器不能校验 Ed25519 签名（${error.name}）：请用 gridgov verify-proof 离线校验`);
    }
    return crypto.subtle.verify({ name: "Ed25519" }, imported, fromHex(head.signature), headMessage(head));
  }

  async function getJson(url) {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    let body = {};
    try { body = await response.json(); } catch (_) { /* not JSON: the status says enough */ }
    if (!response.ok) throw new Refusal(`服务拒绝了请求 ${response.status}：${body.detail || body.title || url}`);
    return body;
  }

  function beijing(iso) {
    const at = new Date(Date.parse(iso) + 8 * 3600 * 1000).toISOString();
    return `${at.slice(0, 10)} ${at.slice(11, 19)}`;
  }

  // Every check an offline verifier makes, plus that the newest signed head extends the proof's.
  async function check(position) {
    if (!window.crypto || !crypto.subtle) {
      throw new Refusal("此页面不是安全上下文（需 HTTPS 或本机访问），浏览器不提供 WebCrypto：请下载证明，用 gridgov verify-proof 离线校验");
    }
    const bundle = await getJson(`/api/v1/audit/proofs/${position}`);
    const listed = await getJson("/api/v1/audit/tree-heads?newest=1");
    const latest = listed.heads[listed.heads.length - 1];
    if (!latest) return { pending: "服务尚未公布签名树头" };
    const kept = localStorage.getItem(TRUSTED);
    if (kept && kept !== listed.public_key) throw new Refusal("服务公布的公钥与您保存的可信公钥不一致");
    const trusted = kept || listed.public_key;
    const head = bundle.tree_head;
    for (const h of [head, latest]) {
      if (h.public_key !== trusted) throw new Refusal(`大小为 ${h.size} 的树头由另一把密钥签名`);
      if (!(await signatureOk(h, fromHex(trusted)))) throw new Refusal(`大小为 ${h.size} 的树头签名无效`);
    }
    const index = Number(bundle.leaf_index);
    if (Number(latest.size) <= index) return { pending: `最新签名树头（${latest.size} 条）尚未覆盖此事件` };
    const record = fromBase64(bundle.record);
    const claimed = recordPosition(record);
    if (claimed !== Number(position) || Number(bundle.position) !== Number(position)) {
      throw new Refusal(`记录对应第 ${claimed} 条，不是第 ${position} 条`);
    }
    const path = bundle.audit_path.map(fromHex);
    if (!(await verifyInclusion(index, head.size, await leafHash(record), path, fromHex(head.root)))) {
      throw new Refusal(`审计路径不能从此事件推出大小为 ${head.size} 的签名根：事件或证明被改动`);
    }
    if (head.size < latest.size) {
      const step = await getJson(`/api/v1/audit/consistency?from=${head.size}&to=${latest.size}`);
      const extends_ = step.from_head.root === head.root && step.to_head.root === latest.root &&
        (await verifyConsistency(head.size, latest.size, fromHex(head.root), fromHex(latest.root), step.proof.map(fromHex)));
      if (!extends_) throw new Refusal(`最新树头（${latest.size} 条）不是证明所用树头（${head.size} 条）的追加延伸`);
    } else if (head.size > latest.size) {
      return { pending: "证明所用的树头比刚取到的最新树头还新：请再点一次" };
    } else if (head.root !== latest.root) {
      throw new Refusal("证明所用树头与同样大小的最新树头根不同");
    }
    return { verified: `最新签名树头：${latest.size} 条，${beijing(latest.timestamp)}`, key: trusted };
  }

  function show(out, mark, text, cls, title) {
    out.textContent = `${mark} ${text}`;
    out.className = `proof-result ${cls}`;
    out.title = title || "";
  }

  document.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-proof]");
    if (!button) return;
    const position = button.dataset.proof;
    const out = document.querySelector(`[data-proof-result="${position}"]`);
    button.disabled = true;
    show(out, "…", "校验中", "muted");
    try {
      const result = await check(position);
      if (result.pending) show(out, "…", `未能校验：${result.pending}`, "soon");
      else {
        show(out, "✓", `已验证（verified）· ${result.verified}`, "ok", `公钥 ${result.key}`);
        for (const el of document.querySelectorAll("[data-published-key]")) el.textContent = `校验所用公钥：${result.key}`;
      }
    } catch (error) {
      const reason = error instanceof Refusal ? error.message : `出错：${error}`;
      show(out, "✗", `校验失败（failed）：${reason}`, "problem");
    } finally {
      button.disabled = false;
    }
  });

  // The key the auditor kept offline, held in this browser only.
  for (const input of document.querySelectorAll("[data-trusted-key]")) {
    input.value = localStorage.getItem(TRUSTED) || "";
    input.addEventListener("change", () => {
      const value = input.value.trim().toLowerCase();
      if (!value) localStorage.removeItem(TRUSTED);
      else if (/^[0-9a-f]{64}$/.test(value)) localStorage.setItem(TRUSTED, value);
      else { input.setCustomValidity("公钥是 64 位十六进制"); input.reportValidity(); return; }
      input.setCustomValidity("");
    });
  }

  window.gridgovProof = { verifyInclusion, verifyConsistency, fromHex };  // for the browser test's own vectors
})();
