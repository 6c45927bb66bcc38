// A "select all" checkbox in a table header ticks every row's checkbox; where the list has
// more pages, it then offers every matching row on every page (all_matching).
document.querySelectorAll("[data-select-all]").forEach((master) => {
  const table = master.closest("table");
  const form = master.closest("form");
  const matching = form?.querySelector("[data-select-matching]");
  const everything = matching?.querySelector("[data-all-matching]");
  const rows = () => table.querySelectorAll("tbody input[type=checkbox]");

  master.addEventListener("change", () => {
    rows().forEach((box) => { box.checked = master.checked; });
    if (!matching) return;
    matching.hidden = !master.checked;
    if (!master.checked) everything.checked = false;
  });
  table.querySelector("tbody").addEventListener("change", (event) => {
    if (event.target.checked || !matching) return;
    master.checked = false;
    matching.hidden = true;
    everything.checked = false;
  });
});
