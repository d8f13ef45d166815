"""Read aloud: the article on screen spoken sentence by sentence (Article › Read Aloud).

`controller` binds the actions and marks the sentence being read; `sentences` cuts a body
into sentences; `engine` finds a working QtTextToSpeech engine (an optional extra) or says
how to get one.
"""
