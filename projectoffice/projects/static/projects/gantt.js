/* Project Office Gantt chart: one canvas, only the visible rows drawn, from the columnar JSON of
   projects:gantt_data. Dates are minutes since 1970 in the lead site's wall time, drawn as UTC. */
(function () {
  "use strict";
  const ROW = 22, HEAD = 42, LABEL = 340, SCALE = {day: 36, week: 10, month: 2.6};
  const root = document.getElementById("gantt");
  if (!root) return;
  const scroller = root.querySelector(".gantt-scroll");
  const spacer = root.querySelector(".gantt-spacer");
  const canvas = root.querySelector("canvas");
  const tip = root.querySelector(".gantt-tip");
  const ctx = canvas.getContext("2d");
  let data = null, pxPerDay = SCALE.week, origin = 0, frame = 0;

  function load() {
    const baseline = root.querySelector("select[name=baseline]").value;
    const url = root.dataset.url + (baseline ? "?baseline=" + baseline : "");
    root.classList.add("loading");
    fetch(url, {credentials: "same-origin"}).then(r => r.json()).then(json => {
      data = json; root.classList.remove("loading"); layout(); draw();
      root.querySelector(".gantt-count").textContent = json.tasks.id.length + " tasks";
    });
  }

  function span() {
    const t = data.tasks; let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < t.id.length; i++) {
      if (t.start[i] !== null && t.start[i] < lo) lo = t.start[i];
      if (t.finish[i] !== null && t.finish[i] > hi) hi = t.finish[i];
    }
    if (lo === Infinity) { lo = data.project.start || 0; hi = lo + 1440 * 30; }
    return [lo - 1440 * 7, hi + 1440 * 14];
  }

  function layout() {
    const [lo, hi] = span();
    origin = Math.floor(lo / 1440) * 1440;
    spacer.style.width = (LABEL + (hi - origin) / 1440 * pxPerDay) + "px";
    spacer.style.height = (HEAD + data.tasks.id.length * ROW) + "px";
    resize();
  }

  function resize() {
    const ratio = window.devicePixelRatio || 1;
    canvas.width = scroller.clientWidth * ratio; canvas.height = scroller.clientHeight * ratio;
    canvas.style.width = scroller.clientWidth + "px"; canvas.style.height = scroller.clientHeight + "px";
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  }

  const xOf = m => LABEL + (m - origin) / 1440 * pxPerDay - scroller.scrollLeft;
  const yOf = row => HEAD + row * ROW - scroller.scrollTop;

  function draw() {
    frame = 0;
    if (!data) return;
    const w = scroller.clientWidth, h = scroller.clientHeight, t = data.tasks;
    const first = Math.max(0, Math.floor(scroller.scrollTop / ROW)), last = Math.min(t.id.length, first + Math.ceil(h / ROW) + 1);
    ctx.clearRect(0, 0, w, h);
    ctx.font = "12px system-ui, sans-serif";
    for (let i = first; i < last; i++) {
      if (i % 2) { ctx.fillStyle = "#f7f9fc"; ctx.fillRect(0, yOf(i), w, ROW); }
    }
    drawLines(h);
    ctx.save(); ctx.beginPath(); ctx.rect(LABEL, HEAD, w - LABEL, h - HEAD); ctx.clip();
    drawLinks(first, last);
    for (let i = first; i < last; i++) drawBar(i);
    ctx.restore();
    drawLabels(first, last, h);
    drawHeader(w);
  }

  function drawLines(h) {
    const p = data.project;
    for (const [m, colour] of [[p.today, "#2e7d32"], [p.status_date, "#1565c0"]]) {
      if (m === null || m === undefined) continue;
      const x = xOf(m);
      if (x < LABEL) continue;
      ctx.strokeStyle = colour; ctx.setLineDash([4, 3]); ctx.beginPath(); ctx.moveTo(x, HEAD); ctx.lineTo(x, h); ctx.stroke();
      ctx.setLineDash([]);
    }
  }

  function drawBar(i) {
    const t = data.tasks, y = yOf(i);
    if (t.start[i] === null) return;
    const x0 = xOf(t.start[i]), x1 = Math.max(xOf(t.finish[i]), x0 + 1);
    const b = data.baseline;
    if (b && b.start[i] !== null) {
      ctx.fillStyle = "#9e9e9e"; ctx.fillRect(xOf(b.start[i]), y + 15, Math.max(1, xOf(b.finish[i]) - xOf(b.start[i])), 4);
    }
    if (t.milestone[i]) {
      ctx.fillStyle = t.critical[i] ? "#c62828" : "#263238";
      ctx.beginPath(); ctx.moveTo(x0, y + 4); ctx.lineTo(x0 + 6, y + 10); ctx.lineTo(x0, y + 16); ctx.lineTo(x0 - 6, y + 10); ctx.fill();
    } else if (t.summary[i]) {
      ctx.fillStyle = "#263238"; ctx.fillRect(x0, y + 6, x1 - x0, 5);
      ctx.beginPath(); ctx.moveTo(x0, y + 6); ctx.lineTo(x0 + 5, y + 6); ctx.lineTo(x0, y + 14); ctx.fill();
      ctx.beginPath(); ctx.moveTo(x1, y + 6); ctx.lineTo(x1 - 5, y + 6); ctx.lineTo(x1, y + 14); ctx.fill();
    } else {
      ctx.fillStyle = t.critical[i] ? "#e57373" : "#64b5f6"; ctx.fillRect(x0, y + 4, x1 - x0, 11);
      ctx.fillStyle = t.critical[i] ? "#b71c1c" : "#1565c0"; ctx.fillRect(x0, y + 8, (x1 - x0) * t.percent[i] / 100, 3);
    }
    if (t.deadline[i] !== null) {
      const xd = xOf(t.deadline[i]); ctx.fillStyle = "#2e7d32"; ctx.beginPath(); ctx.moveTo(xd, y + 2); ctx.lineTo(xd + 5, y + 2); ctx.lineTo(xd, y + 9); ctx.fill();
    }
  }

  function drawLinks(first, last) {
    const t = data.tasks;
    ctx.lineWidth = 1;
    for (const [p, s, type] of data.links) {
      if ((p < first && s < first) || (p >= last && s >= last)) continue;
      if (t.start[p] === null || t.start[s] === null) continue;
      const fromEnd = type === 0 || type === 2, toEnd = type === 2 || type === 3;
      const xa = xOf(fromEnd ? t.finish[p] : t.start[p]), ya = yOf(p) + 10;
      const xb = xOf(toEnd ? t.finish[s] : t.start[s]), yb = yOf(s) + 10;
      ctx.strokeStyle = t.critical[p] && t.critical[s] ? "#c62828" : "#90a4ae";
      const bend = fromEnd ? xa + 6 : xa - 6;
      ctx.beginPath(); ctx.moveTo(xa, ya); ctx.lineTo(bend, ya); ctx.lineTo(bend, yb); ctx.lineTo(xb, yb); ctx.stroke();
      ctx.fillStyle = ctx.strokeStyle; const dir = toEnd ? -1 : 1;
      ctx.beginPath(); ctx.moveTo(xb, yb); ctx.lineTo(xb - 5 * dir, yb - 3); ctx.lineTo(xb - 5 * dir, yb + 3); ctx.fill();
    }
  }

  function drawLabels(first, last, h) {
    const t = data.tasks;
    ctx.fillStyle = "#fff"; ctx.fillRect(0, HEAD, LABEL, h - HEAD);
    for (let i = first; i < last; i++) {
      const y = yOf(i);
      if (i % 2) { ctx.fillStyle = "#f7f9fc"; ctx.fillRect(0, y, LABEL, ROW); }
      ctx.fillStyle = t.critical[i] ? "#b3261e" : "#212121";
      ctx.font = (t.summary[i] ? "600 " : "") + "12px system-ui, sans-serif";
      const text = t.wbs[i] + "  " + t.name[i];
      ctx.fillText(text.length > 48 ? text.slice(0, 47) + "…" : text, 6 + (t.level[i] - 1) * 12, y + 15, LABEL - 12 - (t.level[i] - 1) * 12);
    }
    ctx.strokeStyle = "#cfd8dc"; ctx.beginPath(); ctx.moveTo(LABEL, 0); ctx.lineTo(LABEL, h); ctx.stroke();
  }

  function drawHeader(w) {
    ctx.fillStyle = "#eceff1"; ctx.fillRect(0, 0, w, HEAD);
    ctx.fillStyle = "#37474f"; ctx.font = "600 12px system-ui, sans-serif";
    ctx.fillText(data.project.code + " · " + data.project.time_zone, 6, 26);
    const firstDay = Math.floor((scroller.scrollLeft / pxPerDay) + origin / 1440), days = Math.ceil(w / pxPerDay) + 1;
    ctx.font = "11px system-ui, sans-serif";
    for (let d = firstDay; d < firstDay + days; d++) {
      const date = new Date(d * 86400000), x = xOf(d * 1440);
      if (x < LABEL) continue;
      const monthStart = date.getUTCDate() === 1, weekStart = date.getUTCDay() === 1;
      if (monthStart) { ctx.fillStyle = "#37474f"; ctx.fillText(date.toISOString().slice(0, 7), x + 2, 14); }
      if (pxPerDay >= 20 || (pxPerDay >= 6 && weekStart)) {
        ctx.fillStyle = "#607d8b"; ctx.fillText(pxPerDay >= 20 ? String(date.getUTCDate()) : date.toISOString().slice(5, 10), x + 2, 34);
      }
      if (monthStart || (pxPerDay >= 6 && weekStart) || pxPerDay >= 20) {
        ctx.strokeStyle = monthStart ? "#b0bec5" : "#eceff1"; ctx.beginPath(); ctx.moveTo(x, 20); ctx.lineTo(x, HEAD); ctx.stroke();
      }
    }
  }

  function schedule() { if (!frame) frame = requestAnimationFrame(draw); }

  function hover(event) {
    if (!data) return;
    const box = canvas.getBoundingClientRect(), y = event.clientY - box.top;
    const i = Math.floor((y - HEAD + scroller.scrollTop) / ROW), t = data.tasks;
    if (y < HEAD || i < 0 || i >= t.id.length) { tip.hidden = true; return; }
    const fmt = m => m === null ? "—" : new Date(m * 60000).toISOString().slice(0, 16).replace("T", " ");
    tip.textContent = `${t.wbs[i]} ${t.name[i]} · ${fmt(t.start[i])} → ${fmt(t.finish[i])} · ${t.percent[i]}%` +
      (t.float[i] !== null ? ` · float ${(t.float[i] / 60).toFixed(1)} h` : "") + (t.critical[i] ? " · critical" : "");
    tip.style.left = (event.clientX - box.left + 12) + "px"; tip.style.top = (y + 12) + "px"; tip.hidden = false;
  }

  root.querySelectorAll("button[data-zoom]").forEach(button => button.addEventListener("click", () => {
    const middle = (scroller.scrollLeft + scroller.clientWidth / 2 - LABEL) / pxPerDay;
    pxPerDay = SCALE[button.dataset.zoom]; layout();
    scroller.scrollLeft = middle * pxPerDay + LABEL - scroller.clientWidth / 2; schedule();
  }));
  root.querySelector("button[data-today]").addEventListener("click", () => {
    if (data && data.project.today) { scroller.scrollLeft = (data.project.today - origin) / 1440 * pxPerDay - 100; schedule(); }
  });
  root.querySelector("select[name=baseline]").addEventListener("change", load);
  scroller.addEventListener("scroll", schedule, {passive: true});
  canvas.addEventListener("mousemove", hover);
  canvas.addEventListener("mouseleave", () => { tip.hidden = true; });
  window.addEventListener("resize", () => { if (data) { resize(); schedule(); } });
  load();
})();
