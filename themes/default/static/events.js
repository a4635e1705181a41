/* Upcoming or past by the reader's clock: an event that has ended moves to the top of the past list (and
   leaves the home page's next events), its page says so, and the notes of the build's day go. A day alone ends when it has everywhere. */
(function (d) {
	var now = Date.now(), up = d.getElementById('upcoming-events'), past = d.getElementById('past-events');
	function each(sel, f) { Array.prototype.forEach.call(d.querySelectorAll(sel), f); }
	each('[data-ends]', function (e) {
		var v = e.getAttribute('data-ends');
		if (!(Date.parse(v.length == 10 ? v + 'T24:00-12:00' : v) < now)) return;
		if (e.hasAttribute('data-gone')) e.hidden = true; /* the home page's next events */
		else if (e.hasAttribute('data-past')) e.textContent = e.getAttribute('data-past');
		else if (past && e.parentNode == up) past.insertBefore(e, past.firstChild);
	});
	each('.as-of', function (e) { e.hidden = true; });
	each('[data-empty]', function (e) { e.hidden = d.getElementById(e.getAttribute('data-empty')).children.length > 0; });
})(document);
