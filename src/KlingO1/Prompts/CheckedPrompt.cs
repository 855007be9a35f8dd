using System.Collections.Generic;

namespace KlingO1.Prompts
{
    /// <summary>A prompt that passed the rules: the text to send, and the references it names, in prompt order.</summary>
    internal readonly struct CheckedPrompt
    {
        public CheckedPrompt(string text, IReadOnlyList<PromptReference> references)
        {
            Text = text;
            References = references;
        }

        /// <summary>Gets the prompt to send, including an image reference the SDK put in front.</summary>
        public string Text { get; }

        /// <summary>
        /// Gets the references the caller's prompt names, in the order they appear (the one the SDK may put in front is
        /// image 1 and comes before all others, so it changes no order a rule checks).
        /// </summary>
        public IReadOnlyList<PromptReference> References { get; }
    }
}
