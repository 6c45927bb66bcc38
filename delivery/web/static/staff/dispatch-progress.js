// Follow a dispatch batch while its jobs run: update the bar every second until done.
(() => {
  const section = document.getElementById("batch-progress");
  if (!section) return;
  const bar = section.querySelector("progress");
  const after = document.querySelector("[data-when-finished]");
  let reloadWhenDone = !after.hidden ? false : true;

  async function refresh() {
    try {
      const response = await fetch(section.dataset.progressUrl, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const progress = await response.json();
        bar.max = progress.total;
        bar.value = progress.submitted + progress.failed;
        for (const name of ["submitted", "failed", "waiting"]) {
          section.querySelector(`[data-count=${name}]`).textContent = progress[name];
        }
        if (progress.finished) {
          if (reloadWhenDone) window.location.reload();
          return;
        }
      }
    } catch (error) {
      // The connection dropped; try again on the next tick.
    }
    setTimeout(refresh, 1000);
  }
  if (reloadWhenDone) refresh();
})();
