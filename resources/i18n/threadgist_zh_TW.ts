<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name></name>
    <message>
        <location filename="../../desktop/threadgist/gui/dialogs.py" line="+43"/>
        <source>The endpoint rejected the API key. Set the key again in the endpoint settings.</source>
        <translation>端點拒絕了 API 金鑰。請在端點設定中重新輸入金鑰。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The account has no quota or credit left. Check your provider&apos;s billing page, or switch to another endpoint.</source>
        <translation>帳戶已沒有額度或餘額。請查看服務商的帳單頁面，或改用其他端點。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The endpoint is limiting how often it is asked. Wait a moment, then retry.</source>
        <translation>端點正在限制請求頻率。請稍候再重試。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The endpoint does not have this model. Choose one of its models in the endpoint settings.</source>
        <translation>端點沒有這個模型。請在端點設定中選擇它提供的模型。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot connect to the endpoint. Check that it is running and that its address is right.</source>
        <translation>無法連線到端點。請確認它正在執行，且位址正確。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The endpoint did not answer in time. Retry, or choose a smaller model.</source>
        <translation>端點沒有及時回應。請重試，或改用較小的模型。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The prompt is larger than the model&apos;s context window.</source>
        <translation>提示內容超出模型的上下文長度。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model&apos;s answer was cut off at its output limit.</source>
        <translation>模型的回答在輸出上限處被截斷。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model&apos;s answer could not be read as a digest.</source>
        <translation>無法將模型的回答讀成摘要結果。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The endpoint reported an error.</source>
        <translation>端點回報了錯誤。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The endpoint is not set up correctly.</source>
        <translation>端點設定不正確。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The endpoint does not support what this request needs.</source>
        <translation>端點不支援這個請求需要的功能。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something went wrong inside Threadgist; the log has the details.</source>
        <translation>Threadgist 內部發生錯誤，詳情請見記錄檔。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+6"/>
        <source>Summarizing failed</source>
        <translation>摘要失敗</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Open endpoint settings</source>
        <translation>開啟端點設定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retry</source>
        <translation>重試</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>About Threadgist</source>
        <translation>關於 Threadgist</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Threadgist %1

Reads long discussion threads (PTT, Reddit, Hacker News) and summarizes them with the LLM endpoint of your choice: a summary, the main viewpoints and the off-topic content, every citation checked against the thread.</source>
        <translation>Threadgist %1

替你讀完冗長的討論串（PTT、Reddit、Hacker News），用你選擇的 LLM 端點整理出摘要、主要觀點與離題內容；每一筆引用都會對照原文檢查。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Open a thread</source>
        <translation>開啟討論串</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thread files (*.txt *.htm *.html *.json *.ans *.bbs);;All files (*)</source>
        <translation>討論串檔案 (*.txt *.htm *.html *.json *.ans *.bbs);;所有檔案 (*)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open a thread from its address</source>
        <translation>從網址開啟討論串</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address of a www.ptt.cc article, a Reddit thread or a Hacker News item:</source>
        <translation>www.ptt.cc 文章、Reddit 討論串或 Hacker News 項目的網址：</translation>
    </message>
    <message>
        <location filename="../../desktop/threadgist/gui/export.py" line="+36"/>
        <source>There is no digest to copy yet: summarize first.</source>
        <translation>還沒有摘要可以複製：請先產生摘要。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Summary copied</source>
        <translation>已複製摘要</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Digest copied as plain text for a PTT reply</source>
        <translation>已複製成純文字，可貼到 PTT 回文</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Digest copied</source>
        <translation>已複製完整摘要</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>There is no digest to export yet: summarize first.</source>
        <translation>還沒有摘要可以匯出：請先產生摘要。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export the digest</source>
        <translation>匯出摘要</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Export failed</source>
        <translation>匯出失敗</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The file could not be written.</source>
        <translation>無法寫入檔案。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved %1</source>
        <translation>已儲存 %1</translation>
    </message>
</context>
<context>
    <name>CatalogBox</name>
    <message>
        <location filename="../../desktop/threadgist/gui/catalog_box.py" line="+92"/>
        <source>Model catalog</source>
        <extracomment>the box&apos;s title where it is shown under another heading (the first-run panel)</extracomment>
        <translation>模型目錄</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+81"/>
        <source>Download and use</source>
        <translation>下載並使用</translation>
    </message>
    <message>
        <location line="-80"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>fits</source>
        <translation>可執行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>too big for this computer</source>
        <translation>這台電腦容納不下</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The catalog is empty.</source>
        <translation>目錄是空的。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>reads Traditional Chinese well</source>
        <translation>擅長繁體中文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reads Chinese (may answer in Simplified)</source>
        <translation>看得懂中文（可能用簡體回答）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>weak at Chinese</source>
        <translation>中文能力弱</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cannot read Chinese</source>
        <translation>看不懂中文</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 · %2 billion parameters · %3 · context %4 tokens</source>
        <translation>%1 · %2 B 參數 · %3 · 上下文 %4 個詞元</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Languages: %1 (%2)</source>
        <translation>語言：%1（%2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Licence: %1</source>
        <translation>授權：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not for commercial use</source>
        <translation>不可商用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download %1 GB · needs about %2 GB of memory; this computer has %3 GB free of %4 GB and %5 CPU cores</source>
        <translation>下載 %1 GB · 約需 %2 GB 記憶體；這台電腦 %4 GB 中有 %3 GB 可用，%5 個 CPU 核心</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The open thread: %1 on this computer (estimated from the speed measured with the bundled model)</source>
        <translation>目前的討論串：在這台電腦上%1（由內建模型實測的速度推估）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Measuring this computer&apos;s speed…</source>
        <translation>正在測量這台電腦的速度…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Too big: %1</source>
        <translation>太大：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Published in %1 parts; all are downloaded.</source>
        <translation>分成 %1 個檔案發布；會全部下載。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Downloading %1…</source>
        <translation>正在下載 %1…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Download cancelled; it resumes where it stopped.</source>
        <translation>已取消下載；下次會從中斷處繼續。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Download failed: %1</source>
        <translation>下載失敗：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is ready.</source>
        <translation>%1 已就緒。</translation>
    </message>
</context>
<context>
    <name>ChartWidget</name>
    <message>
        <location filename="../../desktop/threadgist/gui/chart.py" line="+31"/>
        <source>on topic</source>
        <translation>切題</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>off topic</source>
        <translation>離題</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>unassigned</source>
        <translation>未歸類</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comments over time</source>
        <translation>留言時間分布</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no comment times</source>
        <translation>留言沒有時間資訊</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 – %2 · at most %3 in a bar</source>
        <translation>%1 – %2 · 每格最多 %3 則</translation>
    </message>
</context>
<context>
    <name>CommentModel</name>
    <message>
        <location filename="../../desktop/threadgist/gui/comment_model.py" line="+88"/>
        <source>Floor</source>
        <translation>樓層</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tag</source>
        <translation>推文</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>User</source>
        <translation>使用者</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Comment</source>
        <translation>留言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>時間</translation>
    </message>
</context>
<context>
    <name>CommentView</name>
    <message>
        <location filename="../../desktop/threadgist/gui/comment_view.py" line="+98"/>
        <source>Filter:</source>
        <translation>篩選：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User id</source>
        <translation>使用者 ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text in comments</source>
        <translation>留言內容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show all</source>
        <translation>顯示全部</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only %1 comments</source>
        <translation>只顯示「%1」留言</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>%1 comment</source>
        <translation>%1 則留言</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 comments</source>
        <translation>%1 則留言</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
</context>
<context>
    <name>ConfirmRun</name>
    <message>
        <location filename="../../desktop/threadgist/gui/confirm_run.py" line="+75"/>
        <source>A big run</source>
        <extracomment>the default limits above which Threadgist asks first</extracomment>
        <translation>大型工作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summarizing all %1 comments with %2 · %3 takes %4 calls and about %5 prompt tokens.</source>
        <translation>用 %2 · %3 摘要全部 %1 則留言，需要 %4 次呼叫、約 %5 個提示詞元。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>It costs about US$%1 (at most %2).</source>
        <translation>費用約 US$%1（最多 %2）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Summarizing only the newest comments is quicker and cheaper; the digest then says which comments it covers.</source>
        <translation>只摘要最新的留言比較快也比較便宜；摘要會註明涵蓋哪些留言。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Summarize the newest</source>
        <translation>摘要最新的</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>comments</source>
        <translation>則留言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summarize all %1 comments</source>
        <translation>摘要全部 %1 則留言</translation>
    </message>
</context>
<context>
    <name>DigestView</name>
    <message>
        <location filename="../../desktop/threadgist/gui/digest_view.py" line="+95"/>
        <source>Summarize what&apos;s new</source>
        <extracomment>(floor to scroll to, every floor of its viewpoint or digression) the thread grew since its digest: a digest of the new comments alone, or of all</extracomment>
        <translation>摘要新留言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A digest of the new comments alone</source>
        <translation>只摘要新增的留言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summarize the whole thread</source>
        <translation>摘要整串</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parts already summarized are not sent again</source>
        <translation>已摘要過的部分不會再送出</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Viewpoints</source>
        <translation>觀點</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Off-topic</source>
        <translation>離題</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 new comments since the digest of %2 (which read %3); the new ones are tinted in the list.</source>
        <translation>自 %2 的摘要（讀了 %3 則）之後新增 %1 則留言；新留言在列表中以底色標示。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Not summarized with this endpoint yet. Press Summarize (Ctrl+Enter).</source>
        <translation>還沒有用這個端點產生摘要。請按「產生摘要」（Ctrl+Enter）。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Looking for a saved digest…</source>
        <translation>正在尋找已存的摘要…</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>What&apos;s new: %1 comments after floor %2 · digest made %3 · %4</source>
        <translation>新留言：第 %2 樓之後的 %1 則 · 摘要於 %3 · %4</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cached digest from %1 · %2 — “Summarize again” makes a new one.</source>
        <translation>快取的摘要（%1 · %2）——按「重新摘要」可產生新的。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Digest made %1 · %2</source>
        <translation>摘要產生於 %1 · %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>one call, %2 tokens</source>
        <translation>1 次呼叫，%2 個詞元</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 calls, %2 tokens</source>
        <translation>%1 次呼叫，%2 個詞元</translation>
    </message>
</context>
<context>
    <name>EndpointBar</name>
    <message>
        <location filename="../../desktop/threadgist/gui/endpoint_bar.py" line="+20"/>
        <source>SmolLM2-135M (bundled)</source>
        <extracomment>item data of a found server in the endpoint box (&quot;found:2&quot;)</extracomment>
        <translation>SmolLM2-135M（內建）</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Endpoint:</source>
        <translation>端點：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The LLM endpoint used to summarize</source>
        <translation>用來產生摘要的 LLM 端點</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model (type a name or pick one the server lists)</source>
        <translation>模型（輸入名稱，或從伺服器列出的模型中選擇）</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>%1 on this computer · %2</source>
        <translation>本機的 %1 · %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no model loaded</source>
        <translation>尚未載入模型</translation>
    </message>
</context>
<context>
    <name>EndpointDialog</name>
    <message>
        <location filename="../../desktop/threadgist/gui/endpoint_dialog.py" line="+138"/>
        <source>Endpoints</source>
        <translation>端點</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name:</source>
        <translation>名稱：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kind:</source>
        <translation>類型：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Base URL:</source>
        <translation>基礎網址：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API key:</source>
        <translation>API 金鑰：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>API version:</source>
        <translation>API 版本：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deployment:</source>
        <translation>部署名稱：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Context window:</source>
        <translation>上下文長度：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU threads:</source>
        <translation>CPU 執行緒：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>preset default</source>
        <translation>預設值</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>all cores (%1)</source>
        <translation>全部核心（%1）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How many CPU threads the built-in engine uses. Fewer leave the computer more responsive while a model runs; more are faster up to the number of cores.</source>
        <translation>內建引擎使用的 CPU 執行緒數。少一點，模型執行時電腦比較順暢；多一點會比較快，最多到核心數。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use by default</source>
        <translation>設為預設</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add</source>
        <translation>新增</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>List models</source>
        <translation>列出模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save</source>
        <translation>儲存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test</source>
        <translation>測試</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Looking up the key…</source>
        <translation>正在查詢金鑰…</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+115"/>
        <source>stored in the system keyring (type to replace)</source>
        <translation>已存在系統鑰匙圈（輸入可取代）</translation>
    </message>
    <message>
        <location line="-114"/>
        <source>taken from an environment variable</source>
        <translation>取自環境變數</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+112"/>
        <source>kept for this session only (type to replace)</source>
        <translation>只保留到這次關閉程式（輸入可取代）</translation>
    </message>
    <message>
        <location line="-111"/>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not needed</source>
        <translation>不需要</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>optional</source>
        <translation>可不填</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No usable system keyring (%1): a key you enter is kept for this session only and forgotten when Threadgist quits. Set it in an environment variable to keep it, or install and unlock a keyring (e.g. GNOME Keyring, KWallet).</source>
        <translation>沒有可用的系統鑰匙圈（%1）：輸入的金鑰只保留到這次關閉 Threadgist 為止。若要保留，請設定環境變數，或安裝並解鎖鑰匙圈（例如 GNOME Keyring、KWallet）。</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Give the endpoint a name.</source>
        <translation>請替端點取個名稱。</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Saved “%1”.</source>
        <translation>已儲存「%1」。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The key is kept for this session only.</source>
        <translation>金鑰只保留到這次關閉程式為止。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The key is stored in the system keyring.</source>
        <translation>金鑰已存入系統鑰匙圈。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Asking the server for its models…</source>
        <translation>正在向伺服器查詢模型…</translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>%n model(s) listed.</source>
        <translation>
            <numerusform>列出 %n 個模型。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Testing “%1”…</source>
        <translation>正在測試「%1」…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Failed: %1</source>
        <translation>失敗：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>speed: %1 tokens/s</source>
        <translation>速度：每秒 %1 個 token</translation>
    </message>
</context>
<context>
    <name>FirstRunPanel</name>
    <message>
        <location filename="../../desktop/threadgist/gui/first_run.py" line="+78"/>
        <source>Choose a model that can digest threads</source>
        <translation>選一個真的能整理討論串的模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Until you choose, Threadgist uses its bundled SmolLM2-135M: it shows how the app works, but it is far too small for reliable digests and cannot read Chinese. Pick one of these:</source>
        <translation>在你選擇之前，Threadgist 使用內建的 SmolLM2-135M：它能展示程式怎麼運作，但太小，做不出可靠的摘要，也看不懂中文。請從下列選一個：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use it</source>
        <translation>使用它</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>3. A cloud endpoint (OpenAI, Azure, OpenRouter, …): the best digests, with an API key; the thread is sent to that provider.</source>
        <translation>3. 雲端端點（OpenAI、Azure、OpenRouter…）：摘要品質最好，需要 API 金鑰；討論串會傳給該服務商。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add a cloud endpoint…</source>
        <translation>新增雲端端點…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not now</source>
        <translation>稍後再說</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide this; Endpoints → Manage endpoints has the same choices</source>
        <translation>隱藏此處；「端點 → 管理端點」有相同的選項</translation>
    </message>
    <message>
        <location line="-39"/>
        <location line="+41"/>
        <source>2. A model for the built-in engine, downloaded once</source>
        <translation>2. 給內建引擎用的模型，下載一次即可</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>1. A local server on this computer: looking…</source>
        <translation>1. 這台電腦上的本機伺服器：尋找中…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1. A local server on this computer: none is running (looked for Ollama, LM Studio, llama.cpp, vLLM and Jan on their usual ports).</source>
        <translation>1. 這台電腦上的本機伺服器：沒有在執行的（已在慣用埠尋找 Ollama、LM Studio、llama.cpp、vLLM 和 Jan）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>1. A local server on this computer: %1 at %2 with %3</source>
        <translation>1. 這台電腦上的本機伺服器：%1，位於 %2，模型 %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no model loaded</source>
        <translation>未載入模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(and %1 more in the endpoint box)</source>
        <translation>（端點選單中還有 %1 個）</translation>
    </message>
</context>
<context>
    <name>LocalModelBox</name>
    <message>
        <location filename="../../desktop/threadgist/gui/local_model_box.py" line="+104"/>
        <source>Built-in engine model</source>
        <translation>內建引擎的模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model file:</source>
        <translation>模型檔案：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose .gguf…</source>
        <translation>選擇 .gguf…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use the bundled model</source>
        <translation>使用內附模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download from:</source>
        <translation>下載網址：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SHA-256 (optional):</source>
        <translation>SHA-256（可省略）：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download</source>
        <translation>下載</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The bundled SmolLM2-135M model is tiny: it is there to try the app, writes poor summaries and cannot read Chinese. Download a larger model from the catalog below (★ marks the one that suits this computer and the open thread), or choose a GGUF file of your own.</source>
        <translation>內建的 SmolLM2-135M 模型非常小：只是讓你試用程式，摘要品質差，也看不懂中文。請從下方目錄下載較大的模型（★ 標示適合這台電腦與目前討論串的那一個），或選擇你自己的 GGUF 檔。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>(bundled) SmolLM2-135M-Instruct</source>
        <translation>（內附）SmolLM2-135M-Instruct</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading the model…</source>
        <translation>正在讀取模型…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>This model cannot be used: %1</source>
        <translation>無法使用這個模型：%1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>context %1 tokens</source>
        <translation>上下文 %1 個 token</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 tokens/s measured</source>
        <translation>實測每秒 %1 個 token</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>SmolLM2-135M Instruct (bundled)</source>
        <translation>SmolLM2-135M Instruct（內建）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Choose a GGUF model</source>
        <translation>選擇 GGUF 模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有檔案 (*)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Downloading %1…</source>
        <translation>正在下載 %1…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Download cancelled; it resumes where it stopped.</source>
        <translation>已取消下載；下次會從中斷處繼續。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Download failed: %1</source>
        <translation>下載失敗：%1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/threadgist/gui/main_window.py" line="+289"/>
        <source>Toolbar</source>
        <translation>工具列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;File</source>
        <translation>檔案(&amp;F)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Edit</source>
        <translation>編輯(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Digest</source>
        <translation>摘要(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;ndpoints</source>
        <translation>端點(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Settings</source>
        <translation>設定(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>說明(&amp;H)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;Recent</source>
        <translation>最近開啟(&amp;R)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Open…</source>
        <translation>開啟(&amp;O)…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Open &amp;URL…</source>
        <translation>開啟網址(&amp;U)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Refresh</source>
        <translation>重新整理(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the address on the clipboard</source>
        <translation>開啟剪貼簿中的網址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export &amp;Markdown…</source>
        <translation>匯出 &amp;Markdown…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export &amp;JSON…</source>
        <translation>匯出 &amp;JSON…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Quit</source>
        <translation>結束(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy &amp;all</source>
        <translation>複製全部(&amp;A)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Copy &amp;summary</source>
        <translation>複製摘要(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy for a &amp;PTT reply</source>
        <translation>複製為 PTT 回文(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Find in comments</source>
        <translation>搜尋留言(&amp;F)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Show all comments</source>
        <translation>顯示全部留言(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Summarize</source>
        <translation>產生摘要(&amp;S)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Summarize &amp;again</source>
        <translation>重新摘要(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Manage endpoints…</source>
        <translation>管理端點(&amp;M)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Preferences…</source>
        <translation>偏好設定(&amp;P)…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Open &amp;log folder</source>
        <translation>開啟記錄檔資料夾(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Threadgist</source>
        <translation>關於 Threadgist(&amp;A)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Opening %1…</source>
        <translation>正在開啟 %1…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>A digest is being made</source>
        <translation>正在製作摘要</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop it and open %1? Its finished parts are kept: summarizing again resumes.</source>
        <translation>要停止並開啟 %1 嗎？已完成的部分會保留：再次摘要時會接續。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stop and open</source>
        <translation>停止並開啟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep running</source>
        <translation>繼續執行</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>The clipboard holds no thread address (ptt.cc, Reddit or Hacker News).</source>
        <translation>剪貼簿中沒有討論串網址（ptt.cc、Reddit 或 Hacker News）。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Fetching %1… %2 (Esc cancels)</source>
        <translation>正在下載 %1… %2（按 Esc 取消）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Fetching cancelled.</source>
        <translation>已取消下載。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot fetch this thread</source>
        <translation>無法取得這個討論串</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot open this address</source>
        <translation>無法開啟這個網址</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 new comments (%2 in all)</source>
        <translation>%1 則新留言（共 %2 則）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No new comments.</source>
        <translation>沒有新留言。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 comments fewer than before (%2 in all): some were deleted.</source>
        <translation>比之前少了 %1 則留言（共 %2 則）：有些被刪除了。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>(none)</source>
        <translation>（沒有）</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Opened %1</source>
        <translation>已開啟 %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot open this file</source>
        <translation>無法開啟這個檔案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 cannot be opened as a thread.</source>
        <translation>無法將 %1 當作討論串開啟。</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+18"/>
        <source>Estimating…</source>
        <translation>估算中…</translation>
    </message>
    <message>
        <location line="-193"/>
        <location line="+254"/>
        <source>Summarizing…</source>
        <translation>正在產生摘要…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Digest ready</source>
        <translation>摘要完成</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancelled. Finished parts are kept: summarizing again resumes.</source>
        <translation>已取消。完成的部分會保留，再次摘要時會接續。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Endpoint: %1</source>
        <translation>端點：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No endpoint</source>
        <translation>沒有端點</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Running</source>
        <translation>執行中</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not cached</source>
        <translation>沒有快取</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cached</source>
        <translation>已快取</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved to cache</source>
        <translation>已存入快取</translation>
    </message>
</context>
<context>
    <name>RunPanel</name>
    <message>
        <location filename="../../desktop/threadgist/gui/run_panel.py" line="+69"/>
        <source>Summarize</source>
        <translation>產生摘要</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summarize the thread (Ctrl+Enter)</source>
        <translation>摘要這篇討論串（Ctrl+Enter）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summarize again</source>
        <translation>重新摘要</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ignore the cached digest and make a new one</source>
        <translation>不用快取，重新產生摘要</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Starting…</source>
        <translation>開始中…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 · %2 · %3 prompt tokens in one call</source>
        <translation>%1 · %2 · 1 次呼叫，%3 個提示詞元</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 · %2 · %3 prompt tokens in %4 calls</source>
        <translation>%1 · %2 · %4 次呼叫，%3 個提示詞元</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>about US$%1 (at most %2)</source>
        <translation>約 US$%1（最多 %2）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No API key: %1. Add it in Endpoints → Manage endpoints.</source>
        <translation>沒有 API 金鑰：%1。請到「端點 → 管理端點」加入。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The bundled SmolLM2-135M shows how the app works but is far too small for reliable digests. For real ones use a 7B or larger model (Ollama, LM Studio) or a cloud endpoint.</source>
        <translation>內建的 SmolLM2-135M 只能示範本程式怎麼運作，模型太小，摘要並不可靠。要得到可信的摘要，請改用 7B 以上的模型（Ollama、LM Studio）或雲端服務。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Loading the local model…</source>
        <translation>正在載入本機模型…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 of %2 calls</source>
        <translation>第 %1 / %2 次呼叫</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Condensing the article</source>
        <translation>濃縮內文</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Waiting for the model</source>
        <translation>等待模型回應</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading the comments</source>
        <translation>閱讀留言</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Merging the parts</source>
        <translation>合併各部分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing the summary</source>
        <translation>撰寫摘要</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Checking citations</source>
        <translation>檢查引用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 · %2 prompt + %3 answer tokens</source>
        <translation>%1 · 提示 %2 + 回答 %3 個 token</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>More calls than estimated: %1</source>
        <translation>呼叫次數比預估多：%1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>the endpoint failed (%1): trying again</source>
        <translation>端點出錯（%1）：重試中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the answer was not valid JSON: asked the model to correct it</source>
        <translation>回答不是有效的 JSON：已請模型修正</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the answer reached its length limit: asking again with room for a longer one</source>
        <translation>回答達到長度上限：以更大的回答空間重問</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the answer reached its length limit: reading the thread in %1 parts instead</source>
        <translation>回答達到長度上限：改成分 %1 段讀取討論串</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the prompt did not fit the model&apos;s context window: reading the thread in %1 parts instead</source>
        <translation>提示超出模型的上下文視窗：改成分 %1 段讀取討論串</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>part %1 was too long for one answer: split in two</source>
        <translation>第 %1 段太長，一次回答不完：分成兩段</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the merge did not fit: merging in smaller batches</source>
        <translation>合併超出容量：改成較小批次合併</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The model is reading the prompt: %1 of %2 tokens</source>
        <translation>模型正在讀取提示：%2 個詞元中的 %1 個</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The model is reading a prompt of %1 tokens</source>
        <translation>模型正在讀取 %1 個詞元的提示</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/threadgist/gui/settings_dialog.py" line="+60"/>
        <source>Preferences</source>
        <translation>偏好設定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Digest language:</source>
        <translation>摘要語言：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Interface language:</source>
        <translation>介面語言：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Font:</source>
        <translation>字型：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Font size (0 = system):</source>
        <translation>字級（0 = 系統預設）：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask before runs of more than:</source>
        <translation>超過此數時先詢問：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Same as the thread</source>
        <translation>與討論串相同</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System language</source>
        <translation>系統語言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System font (with CJK fallbacks)</source>
        <translation>系統字型（含中日韓備援字型）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a font</source>
        <translation>選擇字型</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>calls</source>
        <translation>次呼叫</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>never ask</source>
        <translation>永不詢問</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before a run with more calls than this (or a comparable number of tokens or price), Threadgist shows the plan and offers to summarize only the newest comments.</source>
        <translation>呼叫次數超過此數（或詞元數、費用相當）時，Threadgist 會先顯示計畫，並提供只摘要最新留言的選項。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Han characters always fall back to Traditional Chinese fonts (Noto Sans CJK TC, Microsoft JhengHei UI, PingFang TC).</source>
        <translation>漢字一律以繁體中文字型顯示（Noto Sans CJK TC、Microsoft JhengHei UI、PingFang TC）。</translation>
    </message>
</context>
<context>
    <name>ThreadHeader</name>
    <message>
        <location filename="../../desktop/threadgist/gui/thread_header.py" line="+66"/>
        <source>Article:</source>
        <translation>文章：</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Open a thread file (Ctrl+O) or drop one here.</source>
        <translation>開啟討論串檔案（Ctrl+O），或把檔案拖到這裡。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(no title)</source>
        <translation>（無標題）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Board: %1</source>
        <translation>看板：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Author: %1</source>
        <translation>作者：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 user</source>
        <translation>%1 人</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 users</source>
        <translation>%1 人</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 comment</source>
        <translation>%1 則留言</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 comments</source>
        <translation>%1 則留言</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>net %1</source>
        <translation>淨推 %1</translation>
    </message>
</context>
<context>
    <name>presets</name>
    <message>
        <location filename="../../desktop/threadgist/gui/i18n.py" line="+92"/>
        <source>Built-in (local)</source>
        <translation>內建（本機）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom (OpenAI-compatible)</source>
        <translation>自訂（OpenAI 相容）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Azure OpenAI (v1)</source>
        <translation>Azure OpenAI（v1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Azure OpenAI (classic)</source>
        <translation>Azure OpenAI（傳統版）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>llama.cpp server</source>
        <translation>llama.cpp 伺服器</translation>
    </message>
</context>
</TS>
