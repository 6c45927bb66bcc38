// A "select all" checkbox in a table header ticks every row's checkbox.
document.querySelectorAll("[data-select-all]").forEach((master) => {
  master.addEventListener("change", () => {
    master.closest("table").querySelectorAll("tbody input[type=checkbox]").forEach((box) => {
      box.checked = master.checked;
    });
  });
});
