"""Input parsing: the files a user gives (articles, per-file metadata, aliases) read into records.

A stage of its own before ``transforms``: what it reads is bytes and a user's CSV, and its errors are the
user's mistakes, reported per file or per line. ``formats`` turns an input file into ``RawArticle`` records
or ``RejectedInput`` reasons; ``metadata`` merges per-file metadata with what the records carried;
``aliases`` reads and writes the aliases CSV.
"""
