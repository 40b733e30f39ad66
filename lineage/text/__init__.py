"""The text layer: what lineage means by a word, a stem, a sentence, a quotation, a number and a name.

Every stage reads text through these modules and nothing else, so the
alignment, the verdict, the direction and the findings see the same units:

- :mod:`.words`: the tokeniser, case folding, the stopword list and the stemmer;
- :mod:`.sentences`: the sentence splitter (linear time, bounded units);
- :mod:`.quotes`: quotation marks paired into quotations;
- :mod:`.numbers`, :mod:`.dates`: figures, dates and times with their values;
- :mod:`.names`: names of people, organisations and places, with their roles;
- :mod:`.spans`: character offsets and lines.

Every function keeps character offsets into the text it was given.
"""
