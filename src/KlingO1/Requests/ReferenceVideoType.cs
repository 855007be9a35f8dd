namespace KlingO1
{
    /// <summary>How the model uses a reference video (sent as <c>refer_type</c>).</summary>
    public enum ReferenceVideoType
    {
        /// <summary>A reference for motion, camera work or style: the new clip borrows features of it (<c>feature</c>).</summary>
        Feature = 0,

        /// <summary>The video to edit: the new clip is this video changed as the prompt says (<c>base</c>). First and end frames cannot be set.</summary>
        Base = 1,
    }
}
