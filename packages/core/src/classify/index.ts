// Classification of index values into classes.
export {};
