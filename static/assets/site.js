// The "この条のリンク" links copy the article's address; without JavaScript they simply go to the article,
// which puts the same address in the address bar.
document.addEventListener("click", function (e) {
  var a = e.target.closest && e.target.closest("a[data-copy]");
  if (!a || !navigator.clipboard) return;
  e.preventDefault();
  var url = a.href;
  history.replaceState(null, "", a.hash);
  navigator.clipboard.writeText(url).then(function () {
    var note = a.parentNode.querySelector(".copied");
    if (!note) {
      note = document.createElement("span");
      note.className = "copied";
      note.setAttribute("role", "status");
      a.after(note);
    }
    note.textContent = "アドレスをコピーしました";
  });
});

// The 404 page's 前のページに戻る button appears only when a link brought the reader here, so that going
// back returns to a page rather than to an empty tab.
(function () {
  var back = document.querySelector("[data-back]");
  if (!back || !document.referrer || history.length < 2) return;
  back.parentNode.hidden = false;
  back.addEventListener("click", function () { history.back(); });
})();
