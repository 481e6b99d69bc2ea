"""Hint levels of notebook 02 (the Naive Bayes spam filter)."""

LEVELS = {
    "tokenize": (
        "Two steps: make the case uniform, then cut the text into words. A word is defined by what it "
        "is made of, not by what separates it, so look for runs of allowed characters.",
        "Lower-case first. The allowed characters are exactly the 26 letters a to z and the digits 0 "
        "to 9; anything else (spaces, punctuation, underscores, accented letters) ends a word. A "
        "regular expression that finds every match of a character class does this in one call.",
        "The tokens are, in order and with repeats, the maximal runs of characters from the class "
        "[a-z0-9] in the lower-cased text.",
    ),
    "build_vocabulary": (
        "Rank words by their document frequency, the number of documents that contain them at least "
        "once, then keep the best ones. A word repeated within one document counts once.",
        "Drop the words below min_df first; then, if max_features is set, keep the max_features words "
        "with the highest document frequency, ties going to the alphabetically earlier word.",
        "Kept = the words with document frequency ≥ min_df, ranked by (document frequency, highest "
        "first; then alphabetical), cut to max_features; the vocabulary is that set in alphabetical "
        "order.",
    ),
    "count_matrix": (
        "One row per document and one column per vocabulary word, in the vocabulary's order; every "
        "occurrence of a vocabulary word adds one to its cell, and other words are skipped.",
        "Look each token's column up in a dictionary from word to column index (built once from the "
        "vocabulary), instead of searching the list every time.",
        "X_dw = number of times vocabulary word w occurs in document d, an integer matrix of shape "
        "(number of documents, number of vocabulary words).",
    ),
    "train_test_matrices": (
        "The vocabulary is part of the model, so it is learned from the training documents only; both "
        "sets are then counted over that same vocabulary.",
        "Build the vocabulary with your build_vocabulary on the training documents (min_df = 1 and the "
        "given max_features), then use your count_matrix twice.",
        "V = the vocabulary of the training documents alone (min_df = 1, at most max_features words); "
        "X_train and X_test are the count matrices of the two sets over V, so test words outside V are "
        "dropped.",
    ),
    "fit_multinomial": (
        "Fitting is counting, once per class (classes sorted): the prior from documents, the word "
        "probabilities from word counts, smoothed with alpha, both stored as logarithms.",
        "P(c) is the share of training documents in class c. For P(w | c), add the counts of each word "
        "over the class's documents (N_cw) and add alpha to every vocabulary word; each class's row "
        "must sum to 1 over the words.",
        "log P(c) = log(n_c / n) and log P(w | c) = log((N_cw + α) / (N_c + α V)), with N_c = Σ_w N_cw "
        "and V the number of vocabulary words (columns of X).",
    ),
    "fit_bernoulli": (
        "The Bernoulli model sees only whether a word is present, so it counts documents, not "
        "occurrences: for each class, in how many of its documents does each word appear?",
        "Turn the counts into presence (count > 0) first. Each word has two outcomes, present and "
        "absent, and each gets alpha pseudo-documents. The prior is the same as in the multinomial "
        "model.",
        "p_cj = (D_cj + α) / (D_c + 2α), with D_cj the class-c documents that contain word j and D_c "
        "the class-c documents; store log p_cj and log(n_c / n).",
    ),
    "multinomial_log_joint": (
        "In log space the product of word probabilities becomes a sum: each occurrence of a word adds "
        "its log-probability, and each class adds its log prior once.",
        "For all documents and classes at once this is one matrix product, the counts (documents × "
        "words) times the log-probabilities arranged as words × classes, plus the log prior of each "
        "class added to its column.",
        "log P(x, c) = log P(c) + Σ_w x_w log P(w | c), one entry per document (row) and class "
        "(column).",
    ),
    "bernoulli_log_joint": (
        "Every vocabulary word contributes, present or absent: a present word adds log p_cj, an absent "
        "one log(1 − p_cj). Start from the presence vector b = (X > 0).",
        "The model stores log p_cj; log(1 − p_cj) comes from it without leaving log space (numpy's "
        "log1p is accurate for a small argument). Both sums over the words are matrix products, like "
        "in the multinomial log-joint.",
        "log P(b, c) = log P(c) + Σ_j [b_j log p_cj + (1 − b_j) log(1 − p_cj)].",
    ),
    "predict_log_proba": (
        "Two steps: the log-joint for the model's kind (use your multinomial or Bernoulli function), "
        "then Bayes' rule, normalising each document over the classes in log space.",
        "Each log P(x, c) of a long email is near −2000, so exponentiating it gives 0. Take the "
        "largest entry m of each row out first: log Σ_c exp(a_c) = m + log Σ_c exp(a_c − m).",
        "log P(c | x) = a_c − (m + log Σ_c' exp(a_c' − m)), with a_c = log P(x, c) and m = max_c a_c "
        "for each document.",
    ),
    "binary_metrics": (
        "Spam (1) is the positive class. Count the four cases first: true and false positives, true "
        "and false negatives; every metric is a ratio of these counts.",
        "Precision looks at the emails flagged as spam, recall at the emails that are spam. A ratio "
        "with nothing to count (0 / 0) is 0.0. The confusion matrix has the true class in its rows "
        "and the predicted class in its columns.",
        "accuracy = (TP + TN) / n, precision = TP / (TP + FP), recall = TP / (TP + FN), and confusion = "
        "[[TN, FP], [FN, TP]].",
    ),
    "top_spam_words": (
        "A word's pull towards spam is not how common it is in spam, but how much more common it is in "
        "spam than in ham: compare the two rows of the model's log-probabilities.",
        "Compute each word's log-odds, rank the words by it from largest down with a stable sort (ties "
        "keep vocabulary order), and keep the first k.",
        "log-odds(w) = log P(w | spam) − log P(w | ham) (row 1 minus row 0); the answer is the k words "
        "with the largest log-odds, largest first.",
    ),
}
