# Symbolic links back to a folder that holds them, which a walk would follow for ever: two from the
# collection's folder to content/; one from a folder of attachments to itself, also reached through a link
# from the other item and reported once; and two that close a loop through both items. A link to a folder
# that is no loop (second-note/figs) is followed as ever: its 'here' is the one reported once.
ln -s .. content/notes/l1
ln -s .. content/notes/l2
mkdir content/notes/first-note/figs content/notes/second-note/pics
ln -s . content/notes/first-note/figs/here
ln -s ../first-note/figs content/notes/second-note/figs
ln -s ../../second-note/pics content/notes/first-note/figs/more
ln -s ../../first-note/figs content/notes/second-note/pics/back
