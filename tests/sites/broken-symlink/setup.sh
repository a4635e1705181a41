# Links that leave content/: to a system folder, and to the project's own configuration.
ln -s /etc content/notes/escape
ln -s ../../../site.yaml content/notes/first-note/config.pdf
