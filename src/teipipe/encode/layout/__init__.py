"""The layout of a plain-text archival document, one module per feature.

Each module recognises one thing the collection's documents are made of (header lines, back
matter, datelines, telegram openers, participants, transcripts, lists, salutations and
closers, signatures, attachments) and turns it into the model. They share one `ReadContext`;
`teipipe.encode.reader` lists them in the order a document is read.
"""
