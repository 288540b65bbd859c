// The dispatch board: the department chosen to lead a whistle cannot also co-handle it (the API
// refuses the pair), so its co-handler box is cleared and disabled while it leads.
"use strict";

document.addEventListener("change", (event) => {
  const lead = event.target.closest('form[data-api$="/whistle"] select[name="lead"]');
  if (!lead) return;
  for (const box of lead.form.querySelectorAll('input[name="co_handlers"]')) {
    box.disabled = box.value === lead.value;
    if (box.disabled) box.checked = false;
  }
});
