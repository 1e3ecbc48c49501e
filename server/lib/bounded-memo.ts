// A pure function of a string, remembered per argument: for answers that depend on the
// argument alone and are asked for on every request (an IP literal's SSRF verdict, a
// socket address's normal form, a status spec's ranges). Arguments can come from outside,
// so the memory is bounded: once `max` answers are kept it starts again empty.
export function boundedMemo<T>(compute: (arg: string) => T, max = 1000): (arg: string) => T {
  const answers = new Map<string, T>();
  return (arg) => {
    if (answers.has(arg)) return answers.get(arg) as T;
    const answer = compute(arg);
    if (answers.size >= max) answers.clear();
    answers.set(arg, answer);
    return answer;
  };
}
