/* The check of an offline copy on its update.html: the reader chooses the copy's folder; every file is
   compared with the copy's manifest.json (its SHA-256, where the browser can compute it), and what is
   missing, changed or left to delete (what update.json lists and is still there) is listed. Nothing is
   sent anywhere; from file:// too. */
(function (d) {
	var input = d.getElementById('copy-folder'), out = d.getElementById('check-result');
	if (!input || !out || !('webkitdirectory' in input) || !window.FileReader) return;
	d.querySelector('.check-needs').hidden = true;
	input.parentNode.parentNode.hidden = false;
	var subtle = window.crypto && window.crypto.subtle;

	function text(file) { return file.text ? file.text() : new Response(file).text(); }
	function hex(buf) {
		return Array.prototype.map.call(new Uint8Array(buf), function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
	}
	function sha256(file) {
		return file.arrayBuffer().then(function (b) { return subtle.digest('SHA-256', b); }).then(hex);
	}
	function list(title, names) {
		if (!names.length) return;
		var h = d.createElement('h3'), ul = d.createElement('ul');
		h.textContent = title;
		names.sort().forEach(function (n) { var li = d.createElement('li'), c = d.createElement('code'); c.textContent = n; li.appendChild(c); ul.appendChild(li); });
		out.appendChild(h);
		out.appendChild(ul);
	}
	function say(s) { var p = d.createElement('p'); p.textContent = s; out.appendChild(p); }

	input.addEventListener('change', function () {
		var files = {}, manifest, update;
		out.textContent = '';
		Array.prototype.forEach.call(input.files, function (f) {
			var rel = (f.webkitRelativePath || f.name).split('/').slice(1).join('/'); /* below the chosen folder */
			files[rel] = f;
		});
		if (!files['manifest.json']) { say(out.getAttribute('data-none')); return; }
		text(files['manifest.json']).then(function (t) {
			manifest = JSON.parse(t);
			return files['update.json'] ? text(files['update.json']).then(function (u) { update = JSON.parse(u); }) : null;
		}).then(function () {
			var names = Object.keys(manifest.files), missing = [], changed = [], remove = [];
			names.forEach(function (n) { if (!files[n]) missing.push(n); });
			/* what the update says to delete and is still there; not other files of no release, which may be
			   the reader's own */
			(update ? update['delete'] : []).forEach(function (n) {
				var there = n.slice(-1) == '/' ? Object.keys(files).some(function (f) { return f.indexOf(n) == 0; }) : files[n];
				if (there) remove.push(n);
			});
			var checks = subtle ? names.filter(function (n) { return files[n]; }).map(function (n) {
				return sha256(files[n]).then(function (h) { if (h != manifest.files[n]) changed.push(n); });
			}) : [];
			return Promise.all(checks).then(function () {
				list(out.getAttribute('data-missing'), missing);
				list(out.getAttribute('data-changed'), changed);
				list(out.getAttribute('data-delete'), remove);
				if (!missing.length && !changed.length && !remove.length) say(out.getAttribute('data-ok'));
			});
		}).catch(function () { say(out.getAttribute('data-none')); });
	});
})(document);
